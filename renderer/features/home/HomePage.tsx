import { Card, Col, Descriptions, List, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { statusColors } from '../sessions/selectors';
import { sessionCounts } from '../sessions/selectors';

export function HomePage() {
  const { t } = useTranslation();
  const profile = useAppStore((s) => s.settings.siteProfile);
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user);
  const openSession = useAppStore((s) => s.openSession);
  const sessions = useMemo(() => {
    const all = Object.values(site?.sessions ?? {});
    const mine = user?.role === 'manager' ? all : all.filter((s) => site?.assignments[`${s.id}/${user?.person}`]);
    return mine.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  }, [site, user]);
  if (!profile) return null;
  const candidateCount = Object.keys(site?.candidates ?? {}).length;

  return (
    <Row gutter={[16, 16]} data-testid="home">
      <Col span={24}>
        <Card>
          <Typography.Title level={3}>{t('home.welcome')}</Typography.Title>
          <Descriptions column={3} bordered size="middle">
            <Descriptions.Item label={t('home.site')}>
              <span data-testid="home-site-name">{profile.siteName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('home.siteCode')}>
              <span data-testid="home-site-code">{profile.siteCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('home.district')}>{profile.district}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('nav.sessions')} value={sessions.length} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('home.candidates')} value={candidateCount} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('home.people')} value={Object.keys(site?.people ?? {}).length} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={user?.role === 'manager' ? t('nav.sessions') : t('home.mySessions')}>
          <List
            dataSource={sessions}
            locale={{ emptyText: <Typography.Text type="secondary">{t('home.nextSteps')}</Typography.Text> }}
            renderItem={(s) => {
              const counts = sessionCounts(site, s.id);
              return (
                <List.Item
                  onClick={user?.role === 'manager' ? () => openSession(s.id) : undefined}
                  style={{ cursor: user?.role === 'manager' ? 'pointer' : undefined }}
                  extra={<Tag color={statusColors[s.status]}>{t(`sessions.statuses.${s.status}`)}</Tag>}
                >
                  <List.Item.Meta
                    title={s.name}
                    description={`${dayjs(s.startsAt).format('YYYY-MM-DD HH:mm')} · ${s.room} · ${t('sessions.registered')} ${counts.registered} · ${t('sessions.checkedIn')} ${counts.present}`}
                  />
                </List.Item>
              );
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}
