import { Alert, Button, Card, Descriptions, Input, Modal, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { isSealedText, JournalKeyError } from '../../shared/ledger/journalSeal';
import { journalKeyProtection } from './journalKey';
import { useTranslation } from 'react-i18next';
import type { LossVerdict } from '../../shared/ledger/journal';
import { database } from '../db/database';
import { archiveJournal, restoreJournal } from './journal';
import { describeError } from './errors';
import { formatDateTime } from '../i18n';

type Alarm = Extract<LossVerdict, { lost: true }>;

/**
 * Shown instead of the app when the database is empty or behind the journal's marker: the data
 * was lost (cleared browser data, a damaged profile, a copied user folder). The person restores
 * from the journal, or — deliberately, after typing a confirmation — starts as a new device with
 * the old journal kept aside. Never a silent fresh start.
 */
export function LossAlarmPage({ alarm }: { alarm: Alarm }) {
  const { t } = useTranslation();
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [confirmingFresh, setConfirmingFresh] = useState(false);
  const [typed, setTyped] = useState('');
  const confirmWord = t('loss.freshConfirmWord');

  // A journal sealed under the site manager's PIN (browser mode) asks for that PIN to open.
  const [protection, setProtection] = useState<'os' | 'pin'>();
  const [pin, setPin] = useState('');
  useEffect(() => {
    if (isSealedText(alarm.marker.settings)) void journalKeyProtection().then(setProtection);
  }, [alarm.marker.settings]);

  async function restore() {
    setWorking(true);
    setFailure(undefined);
    try {
      await restoreJournal(database(), protection === 'pin' ? pin : undefined);
      window.location.reload();
    } catch (error) {
      setFailure(
        error instanceof JournalKeyError
          ? t('loss.wrongManagerPin')
          : t('loss.restoreFailed', { message: describeError(error, t) }),
      );
      setWorking(false);
    }
  }

  async function startFresh() {
    await archiveJournal();
    window.location.reload();
  }

  return (
    <div style={{ maxWidth: 760, margin: '48px auto', padding: 16 }}>
      <Card>
        <Result
          status="error"
          title={<span data-testid="loss-alarm">{t('loss.title')}</span>}
          subTitle={t(`loss.reasons.${alarm.reason}`)}
          extra={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Descriptions size="small" bordered column={1} style={{ textAlign: 'left' }}>
                <Descriptions.Item label={t('loss.journalHeld')}>
                  {t('loss.counts', { events: alarm.marker.events, seq: alarm.marker.seq })}
                </Descriptions.Item>
                <Descriptions.Item label={t('loss.databaseHolds')}>
                  {t('loss.counts', { events: alarm.holding.events, seq: alarm.holding.seq })}
                </Descriptions.Item>
                <Descriptions.Item label={t('loss.lastWritten')}>
                  <span data-testid="loss-last-written">{formatDateTime(alarm.marker.writtenAt)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('loss.device')}>{alarm.marker.device}</Descriptions.Item>
              </Descriptions>
              <Typography.Paragraph style={{ textAlign: 'left' }}>{t('loss.advice')}</Typography.Paragraph>
              {failure && <Alert type="error" showIcon title={failure} data-testid="restore-error" />}
              {protection === 'pin' && (
                <Space orientation="vertical" style={{ textAlign: 'left', width: '100%' }}>
                  <Typography.Text>{t('loss.managerPinNeeded')}</Typography.Text>
                  <Input.Password
                    value={pin}
                    onChange={(e) => setPin(e.target.value)}
                    inputMode="numeric"
                    maxLength={8}
                    style={{ width: 200 }}
                    aria-label={t('loss.managerPin')}
                    data-testid="restore-pin"
                  />
                </Space>
              )}
              <Space>
                <Button
                  type="primary"
                  size="large"
                  loading={working}
                  // Until the sealed journal's protection is known, nothing can be restored (the button
                  // looked ready with an empty PIN box while it was being read).
                  disabled={
                    (isSealedText(alarm.marker.settings) && protection === undefined) ||
                    (protection === 'pin' && pin.length < 4)
                  }
                  onClick={restore}
                  data-testid="restore-journal"
                >
                  {t('loss.restore')}
                </Button>
                <Button danger onClick={() => setConfirmingFresh(true)} disabled={working} data-testid="start-fresh">
                  {t('loss.startFresh')}
                </Button>
              </Space>
            </Space>
          }
        />
      </Card>
      <Modal
        open={confirmingFresh}
        title={t('loss.startFresh')}
        onCancel={() => setConfirmingFresh(false)}
        onOk={startFresh}
        okText={t('loss.startFresh')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: typed !== confirmWord }}
      >
        <Typography.Paragraph>{t('loss.freshWarning', { word: confirmWord })}</Typography.Paragraph>
        <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={confirmWord} />
      </Modal>
    </div>
  );
}
