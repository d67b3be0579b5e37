import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { requestPersistentStorage } from './storage';
import { EnrollmentCard } from '../enrollment/EnrollmentCard';
import { OnlineSyncCard } from '../sync/OnlineSyncCard';
import { IdleLockSetting } from './IdleLockSetting';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../i18n';
import { useAppStore } from '../../store';

/** About this device: the shell, persistent storage, the storage estimate and the database version. */
export function DevicePage() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.platformInfo);
  const storage = useAppStore((s) => s.storage);
  const version = useAppStore((s) => s.databaseVersion);
  const identity = useAppStore((s) => s.identity);
  const eventCount = useAppStore((s) => s.site?.eventCount);
  const unknown = t('device.unknown');
  const [asked, setAsked] = useState<boolean>();

  // Not granted: offer to ask again, and say what makes a browser grant it (the app itself always is).
  async function askAgain() {
    const status = await requestPersistentStorage();
    useAppStore.setState({ storage: status });
    setAsked(status.persisted === true);
  }

  const persistence =
    storage?.persisted === undefined ? (
      <Tag>{t('device.persistenceUnknown')}</Tag>
    ) : storage.persisted ? (
      <Tag color="green">{t('device.persisted')}</Tag>
    ) : (
      <Space orientation="vertical">
        <Tag color="orange">{t('device.notPersisted')}</Tag>
        <Button size="small" onClick={askAgain} data-testid="request-persistence">
          {t('device.askPersistence')}
        </Button>
        {asked === false && (
          <Alert type="warning" showIcon title={t('device.persistenceHowTo')} data-testid="persistence-how-to" />
        )}
      </Space>
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('device.title')} data-testid="device-page">
        <Descriptions column={1} bordered size="middle">
          <Descriptions.Item label={t('device.deviceId')}>
            <Typography.Text code data-testid="device-id">
              {identity?.device ?? unknown}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('device.fingerprint')}>
            <Typography.Text code copyable data-testid="device-fingerprint" style={{ fontSize: 16, letterSpacing: 1 }}>
              {identity?.fingerprint ?? unknown}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">{t('device.fingerprintHelp')}</Typography.Text>
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('device.shell')}>
            {info?.shell === 'electron'
              ? t('device.shellElectron', { version: info.version })
              : t('device.shellBrowser', { version: info?.version ?? unknown })}
          </Descriptions.Item>
          {info?.secretStorage && (
            <Descriptions.Item label={t('device.secretStorage')}>
              <span data-testid="secret-storage">{t(`device.secretStorageStates.${info.secretStorage}`)}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('device.persistence')}>
            <span data-testid="device-persistence">{persistence}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('device.usage')}>
            {t('device.usageValue', {
              usage: formatBytes(storage?.usageBytes, unknown),
              quota: formatBytes(storage?.quotaBytes, unknown),
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('device.eventCount')}>
            <span data-testid="device-event-count">{eventCount ?? unknown}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('device.databaseVersion')}>
            <span data-testid="device-db-version">{version ?? unknown}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <EnrollmentCard />
      <OnlineSyncCard />
      <IdleLockSetting />
    </Space>
  );
}
