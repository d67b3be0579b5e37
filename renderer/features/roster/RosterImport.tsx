import { Alert, Button, Checkbox, Modal, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  autoMapColumns,
  checkRoster,
  requiredRosterFields,
  rosterFields,
  type CheckedRow,
  type ColumnMapping,
  type RosterField,
  type RowError,
} from '../../../shared/domain/roster';
import { uuidV4 } from '../../../shared/ledger/ids';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { sessionCandidates } from '../sessions/selectors';
import { readRosterFile, RosterFileError, type RosterTable } from '../../../shared/domain/rosterFile';
import { draft } from '../../../shared/domain/events';

/** File → column mapping → preview with every row's problems → all-or-nothing import. */
export function RosterImport({ session, open, onClose }: { session: SessionState; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const priorityGroups = useAppStore((s) => s.settings.priorityGroups);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<{ name: string; table: RosterTable }>();
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [failure, setFailure] = useState<string>();
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [importing, setImporting] = useState(false);

  const checked: CheckedRow[] = useMemo(() => {
    if (!file || step < 2) return [];
    const existing = sessionCandidates(site, session.id).map((c) => ({
      idNumber: c.idNumber,
      ticket: c.ticket,
      name: c.name,
    }));
    return checkRoster(file.table.rows, mapping, {
      existing,
      priorityGroups,
      assessmentDate: session.startsAt.slice(0, 10),
      ticketPrefix: session.startsAt.slice(0, 10).replaceAll('-', ''),
    });
  }, [file, mapping, site, session.id, session.startsAt, step, priorityGroups]);
  const bad = checked.filter((r) => r.errors.length > 0);
  const missingRequired = requiredRosterFields.filter((f) => mapping[f] === undefined);

  function reset() {
    setStep(0);
    setFile(undefined);
    setMapping({});
    setFailure(undefined);
    setOnlyErrors(false);
  }

  async function choose() {
    setFailure(undefined);
    const picked = await platform().openFile({ extensions: ['xlsx', 'csv'] });
    if (!picked) return;
    try {
      const table = await readRosterFile(picked.name, picked.bytes);
      setFile({ name: picked.name, table });
      setMapping(autoMapColumns(table.headers));
      setStep(1);
    } catch (error) {
      const code = error instanceof RosterFileError ? error.code : 'unreadable';
      setFailure(t(`roster.fileErrors.${code}`));
    }
  }

  async function importAll() {
    setImporting(true);
    const drafts = checked.map((row) =>
      draft('candidate.registered', user.person, { candidate: uuidV4(), session: session.id, ...row.candidate! }),
    );
    const ok = await command(drafts, t('roster.imported', { count: drafts.length }));
    setImporting(false);
    if (ok) {
      reset();
      onClose();
    }
  }

  const describe = (e: RowError) =>
    t(`rowErrors.${e.code}`, { ...e.params, field: e.field ? t(`roster.${e.field}`) : '' });

  return (
    <Modal
      title={t('roster.import')}
      open={open}
      width={1100}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={null}
      destroyOnHidden
    >
      <Steps
        size="small"
        current={step}
        items={[
          { title: t('roster.stepFile') },
          { title: t('roster.stepMapping') },
          { title: t('roster.stepPreview') },
        ]}
        style={{ marginBottom: 24 }}
      />
      {failure && (
        <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="roster-file-error" />
      )}
      {step === 0 && (
        <Button type="primary" size="large" onClick={choose} data-testid="roster-choose-file">
          {t('roster.chooseFile')}
        </Button>
      )}
      {step === 1 && file && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text data-testid="roster-file-info">
            {t('roster.fileInfo', {
              name: file.name,
              rows: file.table.rows.length,
              encoding: file.table.encoding === 'gb18030' ? 'GB18030/GBK' : file.table.encoding.toUpperCase(),
            })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('roster.mappingHint')}</Typography.Text>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 12 }}>
            {rosterFields.map((field: RosterField) => (
              <label key={field} style={{ display: 'grid', gap: 4 }}>
                <span>
                  {t(`roster.${field}`)}
                  {requiredRosterFields.includes(field) ? ' *' : ''}
                </span>
                <Select<number | -1>
                  data-testid={`map-${field}`}
                  value={mapping[field] ?? -1}
                  onChange={(column) => setMapping((m) => ({ ...m, [field]: column === -1 ? undefined : column }))}
                  options={[
                    { value: -1, label: t('roster.notMapped') },
                    ...file.table.headers.map((h, i) => ({ value: i, label: h || `#${i + 1}` })),
                  ]}
                />
              </label>
            ))}
          </div>
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(0)}>{t('roster.previous')}</Button>
            <Button
              type="primary"
              disabled={missingRequired.length > 0}
              onClick={() => setStep(2)}
              data-testid="roster-next"
            >
              {t('roster.next')}
            </Button>
          </Space>
        </Space>
      )}
      {step === 2 && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type={bad.length ? 'error' : 'success'}
            showIcon
            data-testid="roster-summary"
            title={t('roster.previewSummary', {
              total: checked.length,
              good: checked.length - bad.length,
              bad: bad.length,
            })}
            description={bad.length ? t('roster.badRowsBlock') : undefined}
          />
          <Checkbox checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)}>
            {t('roster.onlyErrors')}
          </Checkbox>
          <Table<CheckedRow>
            size="small"
            rowKey="line"
            data-testid="roster-preview"
            virtual
            scroll={{ y: 420, x: 1000 }}
            pagination={false}
            dataSource={onlyErrors ? bad : checked}
            rowClassName={(r) => (r.errors.length ? 'row-error' : '')}
            columns={[
              { title: t('roster.line'), dataIndex: 'line', width: 70 },
              {
                title: t('roster.ticket'),
                key: 'ticket',
                width: 150,
                render: (_, r) =>
                  r.generatedTicket ? (
                    <span title={t('roster.generatedTicketHint')}>
                      {r.values.ticket} <Tag>{t('roster.generatedTicket')}</Tag>
                    </span>
                  ) : (
                    r.values.ticket
                  ),
              },
              { title: t('roster.name'), key: 'name', width: 100, render: (_, r) => r.values.name },
              { title: t('roster.idNumber'), key: 'id', width: 190, render: (_, r) => r.values.idNumber },
              {
                title: t('roster.problems'),
                key: 'problems',
                render: (_, r) =>
                  r.errors.length ? (
                    <Space size={[4, 4]} wrap>
                      {r.errors.map((e, i) => (
                        <Tag color="red" key={i}>
                          {describe(e)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    <Tag color="green">{t('roster.rowOk')}</Tag>
                  ),
              },
            ]}
          />
          <Space>
            <Button onClick={() => setStep(1)}>{t('roster.previous')}</Button>
            <Button
              type="primary"
              disabled={bad.length > 0 || checked.length === 0}
              loading={importing}
              onClick={importAll}
              data-testid="roster-confirm"
            >
              {/* A disabled button says why, not what it would do. */}
              {bad.length > 0
                ? t('roster.fixRowsFirst', { count: bad.length })
                : t('roster.confirmImport', { count: checked.length })}
            </Button>
          </Space>
        </Space>
      )}
    </Modal>
  );
}
