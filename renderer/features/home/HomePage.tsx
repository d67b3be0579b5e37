import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';

export function HomePage() {
  const { t } = useTranslation();
  const profile = useAppStore((s) => s.siteProfile);
  if (!profile) return null;
  return (
    <Card data-testid="home">
      <Typography.Title level={3}>{t('home.welcome')}</Typography.Title>
      <Descriptions column={1} bordered size="middle" style={{ maxWidth: 640 }}>
        <Descriptions.Item label={t('home.site')}>
          <span data-testid="home-site-name">{profile.siteName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('home.siteCode')}>
          <span data-testid="home-site-code">{profile.siteCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('home.district')}>{profile.district}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('home.nextSteps')}
      </Typography.Paragraph>
    </Card>
  );
}
