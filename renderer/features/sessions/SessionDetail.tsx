import { Alert, Button, Card, Descriptions, Modal, Space, Steps, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attendanceDeviates } from '../../../shared/domain/assignment';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { AssignmentsTab } from '../assignments/AssignmentsTab';
import { CheckInTab } from '../checkin/CheckInTab';
import { RosterTab } from '../roster/RosterTab';
import { CloseSessionModal } from '../results/CloseSessionModal';
import { ResultsTab } from '../results/ResultsTab';
import { RecordsTab } from '../print/RecordsTab';
import { PublicationTab } from '../publication/PublicationTab';
import { SessionForm } from './SessionForm';
import { sessionCounts, statusColors } from './selectors';
import { draft } from '../../../shared/domain/events';

const lifecycle: SessionState['status'][] = ['planned', 'open', 'closed'];

export function SessionDetail({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const openSession = useAppStore((s) => s.openSession);
  const [editing, setEditing] = useState(false);
  const [confirmingOpen, setConfirmingOpen] = useState(false);
  const counts = sessionCounts(site, session.id);
  const spec = site?.specs[`${session.spec}@${session.specVersion}`];
  const checkedIn = counts.present + counts.late + counts.substituted;
  const deviates =
    session.status !== 'planned' &&
    counts.pending === 0 &&
    attendanceDeviates(session.plannedCandidates, counts.present);

  const [closing, setClosing] = useState(false);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="session-detail">
      <Card
        title={
          <Space>
            <Button type="link" onClick={() => openSession(undefined)} style={{ paddingInline: 0 }}>
              ‹ {t('sessions.title')}
            </Button>
            <Typography.Text strong>{session.name}</Typography.Text>
            <Tag color={statusColors[session.status]} data-testid="session-status">
              {t(`sessions.statuses.${session.status}`)}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            {session.status !== 'closed' && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
            {session.status === 'planned' && (
              <Button type="primary" onClick={() => setConfirmingOpen(true)} data-testid="open-session">
                {t('sessions.open')}
              </Button>
            )}
            {session.status === 'open' && (
              <Button danger onClick={() => setClosing(true)} data-testid="close-session">
                {t('sessions.close')}
              </Button>
            )}
          </Space>
        }
      >
        <Steps
          size="small"
          current={lifecycle.indexOf(session.status)}
          items={lifecycle.map((status) => ({ title: t(`sessions.lifecycle.${status}`) }))}
          style={{ maxWidth: 640, marginBottom: 20 }}
        />
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('sessions.spec')}>
            {spec ? `${spec.name}（${spec.code}）` : session.spec}
          </Descriptions.Item>
          <Descriptions.Item label={t('sessions.startsAt')}>
            {dayjs(session.startsAt).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
          <Descriptions.Item label={t('sessions.room')}>{session.room}</Descriptions.Item>
          <Descriptions.Item label={t('sessions.planned')}>{session.plannedCandidates}</Descriptions.Item>
          <Descriptions.Item label={t('sessions.registered')}>{counts.registered}</Descriptions.Item>
          <Descriptions.Item label={t('sessions.checkedIn')}>{checkedIn}</Descriptions.Item>
        </Descriptions>
        {deviates && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="attendance-warning"
            title={t('sessions.attendanceWarning', { checkedIn: counts.present, planned: session.plannedCandidates })}
          />
        )}
      </Card>
      <Card>
        <Tabs
          defaultActiveKey={session.status === 'open' ? 'checkin' : session.status === 'closed' ? 'results' : 'roster'}
          items={[
            ...(session.status === 'planned'
              ? []
              : [{ key: 'results', label: t('sessions.tabs.results'), children: <ResultsTab session={session} /> }]),
            { key: 'roster', label: t('sessions.tabs.roster'), children: <RosterTab session={session} /> },
            {
              key: 'assignments',
              label: t('sessions.tabs.assignments'),
              children: <AssignmentsTab session={session} />,
            },
            { key: 'checkin', label: t('sessions.tabs.checkin'), children: <CheckInTab session={session} /> },
            { key: 'records', label: t('sessions.tabs.records'), children: <RecordsTab session={session} /> },
            ...(session.status === 'closed'
              ? [
                  {
                    key: 'publication',
                    label: t('sessions.tabs.publication'),
                    children: <PublicationTab session={session} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <SessionForm session={session} open={editing} onClose={() => setEditing(false)} />
      <OpenSessionModal session={session} open={confirmingOpen} onClose={() => setConfirmingOpen(false)} />
      <CloseSessionModal session={session} open={closing} onClose={() => setClosing(false)} />
    </Space>
  );
}

/** Opening needs the manager to confirm the device clock: every record carries its time. */
function OpenSessionModal({ session, open, onClose }: { session: SessionState; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => setNow(dayjs()), 1000);
    return () => window.clearInterval(timer);
  }, [open]);

  async function confirm() {
    if (
      await command(
        draft('session.opened', user.person, { session: session.id, clockConfirmed: true }),
        t('sessions.opened'),
      )
    )
      onClose();
  }

  return (
    <Modal
      title={t('sessions.openTitle')}
      open={open}
      onCancel={onClose}
      onOk={confirm}
      okText={t('sessions.clockCorrect')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'confirm-clock' }}
    >
      <Typography.Text type="secondary">{t('sessions.openClock')}</Typography.Text>
      <Typography.Title level={2} style={{ marginTop: 4 }} data-testid="device-clock">
        {now.format('YYYY-MM-DD HH:mm:ss')}
      </Typography.Title>
      <Typography.Paragraph>{t('sessions.openClockHint')}</Typography.Paragraph>
    </Modal>
  );
}
