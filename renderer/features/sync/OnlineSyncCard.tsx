import { Alert, App, Button, Card, Descriptions, Form, Input, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { suggestedAuthorityUrl } from '../../db/settings';
import { unsentAttachments } from '../../db/attachments';
import { unacknowledged } from '../../db/sync';
import { useAppStore } from '../../store';
import { useSetting } from '../../store/useSetting';
import { clockSkewed, syncNow } from './useAutoSync';
import { formatDateTime } from '../../i18n';
import { districtAddressRule } from './districtAddress';

/** Online sync status everyone can read, "sync now", and (for the manager) the authority's address. */
export function OnlineSyncCard({ editable = false }: { editable?: boolean }) {
  const { t } = useTranslation();
  const sync = useAppStore((s) => s.sync);
  const [url, setUrl] = useSetting('authorityUrl');
  const enrollment = useAppStore((s) => s.settings.enrollment);
  const identity = useAppStore((s) => s.identity);
  const site = useAppStore((s) => s.site);
  const [waiting, setWaiting] = useState<number>();
  const [photosWaiting, setPhotosWaiting] = useState<number>();
  const { message } = App.useApp();

  /** 立即同步, saying when it is done (a failure shows in the card itself). */
  async function syncNowAndSay() {
    await syncNow();
    if (!useAppStore.getState().sync.lastError) void message.success(t('sync.syncedNow'));
  }

  useEffect(() => {
    if (identity)
      void unacknowledged(identity.device).then((parts) =>
        setWaiting(parts.reduce((n, p) => n + p.to - p.from + 1, 0)),
      );
    void unsentAttachments().then((hashes) => setPhotosWaiting(hashes.length));
  }, [identity, site, sync.lastSyncedAt]);

  async function saveUrl({ address }: { address: string }) {
    const clean = address.trim().replace(/\/+$/, '');
    await setUrl(clean);
  }

  return (
    <Card title={t('sync.onlineTitle')} data-testid="online-sync">
      {!enrollment ? (
        <Alert type="info" showIcon title={t('sync.notEnrolled')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('sync.address')}>{url ?? t('sync.usbOnly')}</Descriptions.Item>
            <Descriptions.Item label={t('sync.lastSynced')}>
              <span data-testid="last-synced">
                {sync.lastSyncedAt ? formatDateTime(sync.lastSyncedAt) : t('sync.never')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sync.waitingLabel')}>
              <span data-testid="sync-waiting-count">{waiting ?? '…'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sync.photosWaitingLabel')}>
              <span data-testid="photos-waiting-count">{photosWaiting ?? '…'}</span>
            </Descriptions.Item>
          </Descriptions>
          {sync.lastError && (
            <Alert
              type="error"
              showIcon
              data-testid="sync-last-error"
              title={`${t('sync.lastError')}：${sync.lastError.message}`}
            />
          )}
          {clockSkewed(sync.clockSkewMs) && (
            <Alert
              type="warning"
              showIcon
              data-testid="clock-skew"
              title={t('sync.clockSkew', { minutes: Math.round(Math.abs(sync.clockSkewMs!) / 60_000) })}
            />
          )}
          {sync.running && sync.progress && (
            <Progress
              percent={sync.progress.total ? Math.round((sync.progress.done / sync.progress.total) * 100) : 100}
              style={{ maxWidth: 480 }}
            />
          )}
          <Button
            type="primary"
            onClick={() => void syncNowAndSay()}
            loading={sync.running}
            disabled={!url}
            data-testid="sync-now"
          >
            {t('sync.now')}
          </Button>
          {editable && (
            <Form layout="inline" onFinish={saveUrl} initialValues={{ address: url ?? suggestedAuthorityUrl }}>
              <Form.Item name="address" label={t('sync.address')} rules={[districtAddressRule(t, { required: true })]}>
                <Input style={{ width: 320 }} data-testid="authority-url" />
              </Form.Item>
              <Button htmlType="submit">{t('common.save')}</Button>
            </Form>
          )}
          <Typography.Text type="secondary">{t('sync.onlineHint')}</Typography.Text>
        </Space>
      )}
    </Card>
  );
}
