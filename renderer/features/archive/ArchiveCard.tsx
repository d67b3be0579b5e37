/**
 * 考核档案: once the session is closed, one file holding every printed record, the events and
 * the photos, sealed, with its retention date — saved to the removable drive the site keeps, and
 * carried to the authority (which keeps it: `authority archive keep`).
 */
import { Alert, App, Button, Card, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportFileName } from '../../../shared/domain/exports';
import { localOffsetMinutes } from '../../../shared/ledger/ids';
import type { SessionState } from '../../../shared/state/project';
import { describeError } from '../../app/errors';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { buildSessionArchive } from './sessionArchive';

export function ArchiveCard({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useAppStore((s) => s.site)!;
  const settings = useAppStore((s) => s.settings);
  const [progress, setProgress] = useState<number>();
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const enrollment = settings.enrollment;

  async function save() {
    if (!enrollment || !settings.siteProfile) return;
    setFailure(undefined);
    setSaved(undefined);
    setProgress(0);
    try {
      const archive = await buildSessionArchive(
        site,
        settings.siteProfile,
        session.id,
        enrollment,
        { fee: settings.assessmentFee, priorityGroups: settings.priorityGroups },
        (done, total) => setProgress(Math.round((done / total) * 100)),
      );
      const now = Date.now();
      const result = await platform().saveFile({
        suggestedName: exportFileName(`考核档案-${session.name}`, 'kdarc', now, localOffsetMinutes(now)),
        mimeType: 'application/octet-stream',
        bytes: archive.bytes,
      });
      if (result.saved) {
        const { records, events, photos, retainUntil } = archive;
        const summary = t('archive.saved', { records, events, photos, retainUntil });
        setSaved(summary);
        void message.success(summary);
      }
    } catch (error) {
      setFailure(describeError(error, t));
    } finally {
      setProgress(undefined);
    }
  }

  return (
    <Card size="small" title={t('archive.title')} data-testid="archive-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('archive.hint')}</Typography.Text>
        {!enrollment && <Alert type="warning" showIcon title={t('archive.notEnrolled')} />}
        <Button
          type="primary"
          disabled={!enrollment}
          loading={progress !== undefined}
          onClick={() => void save()}
          data-testid="save-archive"
        >
          {t('archive.save')}
        </Button>
        {progress !== undefined && <Progress percent={progress} size="small" />}
        {saved && <Alert type="success" showIcon title={saved} data-testid="archive-saved" />}
        {failure && <Alert type="error" showIcon title={failure} />}
      </Space>
    </Card>
  );
}
