import { Alert, App, Button, Card, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isWireError } from '../../../shared/ledger/errors';
import { describeError } from '../../app/errors';
import { useCommand } from '../../app/useCommand';
import { unacknowledged, type BatchJudgement } from '../../db/sync';
import type { RemovableDrive } from '../../../shared/ipc';
import { formatBytes } from '../../i18n';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { planDrafts } from '../plan/importPlan';
import { blobSource, buildExport, importPackage } from '../../sync/usbPackage';
import { OnlineSyncCard } from './OnlineSyncCard';
import type { PackageManifestInfo } from '../print/documents';
import { deliverPdf, isNoPdfViewer, manifestPdf, type PdfDelivery } from '../print/printRecord';
import { draft } from '../../../shared/domain/events';

/** USB sync: export a signed package of everything not yet acknowledged; import packages from other devices or the authority. */
export function SyncPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useAppStore((s) => s.site);
  const profile = useAppStore((s) => s.settings.siteProfile)!;
  const enrollment = useAppStore((s) => s.settings.enrollment);
  const identity = useAppStore((s) => s.identity);
  const command = useCommand();
  /** What waits for the authority; undefined until it is counted (never shown as 0 meanwhile). */
  const [pending, setPending] = useState<{ device: string; from: number; to: number }[]>();
  const [progress, setProgress] = useState<number>();
  const [results, setResults] = useState<BatchJudgement[]>();
  /** Devices whose batches were refused because the authority revoked their key, with when. */
  const [revoked, setRevoked] = useState<{ device: string; at: string }[]>([]);
  const [failure, setFailure] = useState<string>();
  const [exported, setExported] = useState<PackageManifestInfo>();

  const [drives, setDrives] = useState<RemovableDrive[]>([]);
  const [drive, setDrive] = useState<string>();
  useEffect(() => {
    void platform()
      .listDrives()
      .then((found) => {
        setDrives(found);
        setDrive((chosen) => chosen ?? found[0]?.mountPoint);
      });
  }, []);

  useEffect(() => {
    if (identity) void unacknowledged(identity.device).then((parts) => setPending(parts));
  }, [identity, site]);

  if (!enrollment || !identity)
    return (
      <Card title={t('sync.title')}>
        <Alert type="warning" showIcon title={t('sync.notEnrolled')} />
      </Card>
    );
  const waiting = pending?.reduce((n, p) => n + p.to - p.from + 1, 0);

  /** To the chosen removable drive (written, flushed, read back), or wherever the save dialog says. */
  async function exportNow(toDrive?: string) {
    setFailure(undefined);
    setProgress(0);
    try {
      const built = await buildExport(identity!.device, profile.siteCode, enrollment!, {
        progress: (done, total) => setProgress(Math.round((done / total) * 100)),
        siteDevices: useAppStore.getState().site?.siteDevices ?? {},
      });
      const suggestedName = `${profile.siteCode}-${new Date().toISOString().slice(0, 10)}-${built.id.slice(0, 8)}.kdpkg`;
      const saved = toDrive
        ? await platform().saveToDrive({ mountPoint: toDrive, suggestedName, bytes: built.bytes })
        : await platform().saveFile({ suggestedName, mimeType: 'application/zip', bytes: built.bytes });
      if (!saved.saved && 'problem' in saved) setFailure(t(`sync.driveProblems.${saved.problem}`));
      if (saved.saved) {
        await command(
          draft('package.exported', 'device', { package: built.id, batches: built.batches, through: built.through }),
          t('sync.exported', { events: built.events, batches: built.batches }),
        );
        setExported(built.manifest);
      }
    } catch (error) {
      setFailure(describeError(error, t));
    } finally {
      setProgress(undefined);
    }
  }

  async function printManifest(manifest: PackageManifestInfo, how: PdfDelivery) {
    setFailure(undefined);
    try {
      await deliverPdf(
        await manifestPdf(useAppStore.getState().site!, profile, manifest),
        `同步包清单-${manifest.id.slice(0, 8)}`,
        how,
      );
    } catch (error) {
      setFailure(isNoPdfViewer(error) ? t('records.noPdfViewer') : describeError(error, t));
    }
  }

  async function importNow() {
    setFailure(undefined);
    setResults(undefined);
    const file = await platform().openFile({ extensions: ['kdpkg'] });
    const { ledger, user } = useAppStore.getState();
    if (!file || !ledger) return;
    setRevoked([]);
    try {
      const result = await importPackage(
        blobSource(new Blob([file.bytes as Uint8Array<ArrayBuffer>])),
        identity!.device,
        enrollment!,
        ledger,
      );
      setResults(result.batches);
      const revocations = Object.values(ledger.state().revocations);
      const refused = [...new Set(result.batches.filter((b) => b.error === 'revoked_key').map((b) => b.device))];
      setRevoked(
        refused.map((device) => ({
          device,
          at:
            revocations
              .filter((r) => r.device === device)
              .map((r) => r.at)
              .sort()[0] ?? '',
        })),
      );
      for (const plan of result.plans) if (user) await command(planDrafts(plan, ledger.state(), user.person));
      const added = result.batches.reduce((n, b) => n + b.added, 0);
      void message.success(t('sync.imported', { events: added, receipts: result.receipts }));
    } catch (error) {
      const packer =
        isWireError(error) && error.code === 'revoked_key' && typeof error.details.device === 'string'
          ? error.details.device
          : undefined;
      const sealer =
        isWireError(error) && error.code === 'not_recipient' && typeof error.details.by === 'string'
          ? { by: error.details.by, site: String(error.details.site ?? '') }
          : undefined;
      if (packer)
        setFailure(
          `${t('sync.packageRefused')}：${t('sync.revokedPacker', { device: packer.slice(0, 8) })}（revoked_key）`,
        );
      else if (sealer)
        setFailure(
          `${t('sync.packageRefused')}：${t('sync.notRecipient', { by: sealer.by.slice(0, 8), site: sealer.site })}（not_recipient）`,
        );
      else setFailure(`${t('sync.packageRefused')}：${describeError(error, t)}`);
    }
  }

  const deviceName = (device: string) => (device === identity.device ? t('sync.thisDevice') : device.slice(0, 8));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <OnlineSyncCard editable />
      <Card title={t('sync.title')}>
        <Typography.Paragraph data-testid="sync-waiting">
          {waiting === undefined
            ? t('common.loading')
            : waiting === 0
              ? t('sync.nothingWaiting')
              : t('sync.waiting', { count: waiting })}
        </Typography.Paragraph>
        {failure && (
          <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="sync-error" />
        )}
        {progress !== undefined && <Progress percent={progress} style={{ maxWidth: 480 }} />}
        <Space>
          {drives.length > 0 && (
            <>
              <Select
                value={drive}
                onChange={setDrive}
                style={{ minWidth: 280 }}
                data-testid="export-drive"
                options={drives.map((d) => ({
                  value: d.mountPoint,
                  label: t('sync.driveOption', {
                    label: d.label,
                    mountPoint: d.mountPoint,
                    free: formatBytes(d.freeBytes, '—'),
                  }),
                }))}
              />
              <Button
                type="primary"
                onClick={() => exportNow(drive)}
                disabled={!drive || !waiting}
                loading={progress !== undefined}
                data-testid="export-to-drive"
              >
                {t('sync.exportToDrive')}
              </Button>
            </>
          )}
          <Button
            type={drives.length ? 'default' : 'primary'}
            onClick={() => exportNow()}
            disabled={!waiting}
            loading={progress !== undefined}
            data-testid="export-package"
          >
            {drives.length ? t('sync.exportElsewhere') : t('sync.export')}
          </Button>
          <Button onClick={importNow} data-testid="import-package">
            {t('sync.import')}
          </Button>
          {exported && (
            <>
              <Button onClick={() => printManifest(exported, 'print')} data-testid="print-manifest">
                {t('records.printManifest')}
              </Button>
              <Button onClick={() => printManifest(exported, 'save')} data-testid="save-manifest">
                {t('records.savePdf')}
              </Button>
            </>
          )}
        </Space>
      </Card>
      {results && (
        <Card title={t('sync.results')}>
          {revoked.map(({ device, at }) => (
            <Alert
              key={device}
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="revoked-device"
              title={t('sync.revokedDevice', {
                device: deviceName(device),
                at: at ? at.slice(0, 16).replace('T', ' ') : '—',
              })}
            />
          ))}
          <Table
            size="small"
            rowKey={(r) => `${r.device}-${r.from}`}
            pagination={false}
            dataSource={results}
            data-testid="import-results"
            columns={[
              { title: t('sync.device'), dataIndex: 'device', render: deviceName },
              { title: t('sync.range'), key: 'range', render: (_, r) => `${r.from}–${r.to}` },
              { title: t('sync.added'), dataIndex: 'added' },
              {
                title: t('sessions.status'),
                key: 'status',
                render: (_, r) => (
                  <Tag color={r.status === 'rejected' ? 'red' : r.status === 'accepted' ? 'green' : 'default'}>
                    {t(`sync.statuses.${r.status}`)}
                    {r.error ? `：${t(`wire.${r.error}`)}` : ''}
                  </Tag>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
