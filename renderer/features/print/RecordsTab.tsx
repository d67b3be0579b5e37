import { Alert, Button, Card, Checkbox, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkInTable,
  exportFileName,
  resultColumnKeys,
  resultColumnTitles,
  resultsTable,
  rosterTable,
  tableCsv,
  tableXlsx,
  type CsvEncoding,
  type ExportTable,
  type ResultColumnKey,
} from '../../../shared/domain/exports';
import type { RecordKind } from '../../../shared/domain/records';
import { localOffsetMinutes } from '../../../shared/ledger/ids';
import type { SessionState } from '../../../shared/state/project';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { useSetting } from '../../store/useSetting';
import { deliverPdf, sessionRecordPdf, type PdfDelivery } from './printRecord';
import { useRecordAction, type RecordAction } from './useRecordAction';
import { recordTitles } from '../../../shared/domain/records';
import { ArchiveCard } from '../archive/ArchiveCard';
import { passersTable, siteCertificates, subsidyTable } from '../../../shared/domain/passerRosters';

type SessionRecord = Exclude<RecordKind, 'manifest'>;
const dayRecords: SessionRecord[] = ['tickets', 'staff', 'summary', 'sheet', 'checkin', 'supervision', 'incident'];
/** After the session closes: the rosters that need its final results. */
const afterDayRecords: SessionRecord[] = ['passers', 'subsidy'];
const allCandidates = '';

/** The session's paper records (print or save as PDF) and its spreadsheets (Excel or CSV). */
export function RecordsTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const profile = useAppStore((s) => s.settings.siteProfile)!;
  const { busy, failure, run } = useRecordAction();
  const [candidate, setCandidate] = useState(allCandidates);
  const [fee, setFee] = useSetting('assessmentFee');
  const [priorityGroups] = useSetting('priorityGroups');
  const candidates = Object.values(site.candidates)
    .filter((c) => c.session === session.id)
    .sort((a, b) => a.ticket.localeCompare(b.ticket));
  const sheetsOf = (candidateId: string) =>
    Object.values(site.sheets)
      .filter((s) => s.session === session.id && (candidateId === allCandidates || s.candidate === candidateId))
      .sort(
        (a, b) =>
          (site.candidates[a.candidate]?.ticket ?? '').localeCompare(site.candidates[b.candidate]?.ticket ?? '') ||
          a.examiner.localeCompare(b.examiner),
      )
      .map((s) => s.id);

  function printRecord(kind: SessionRecord, how: PdfDelivery) {
    const sheets = kind === 'sheet' ? sheetsOf(candidate) : [];
    const subjectName = kind === 'sheet' && candidate ? `-${site.candidates[candidate]?.name ?? ''}` : '';
    const title = `${recordTitles[kind]}-${session.name}${subjectName}`.replace(/[/\\:*?"<>|]/g, '_');
    return run(
      `${kind}-${how}`,
      async () =>
        deliverPdf(
          await sessionRecordPdf(site, profile, kind, session.id, sheets, {
            subsidy: { fee: fee ?? 0, priorityGroups: priorityGroups ?? [] },
          }),
          title,
          how,
        ),
      how === 'print' ? t('records.sentToPrint') : t('records.savedPdf'),
    );
  }

  const noSheets = sheetsOf(candidate).length === 0;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {failure && <Alert type="error" showIcon title={failure} data-testid="records-error" />}
      {session.status === 'closed' && <ArchiveCard session={session} />}
      <Card size="small" title={t('records.paper')}>
        <Typography.Paragraph type="secondary">{t('records.paperHint')}</Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey={(kind) => kind}
          dataSource={session.status === 'closed' ? [...dayRecords, ...afterDayRecords] : dayRecords}
          data-testid="records-table"
          columns={[
            { title: t('records.record'), key: 'name', render: (_, kind) => t(`records.kinds.${kind}`) },
            {
              title: t('records.scope'),
              key: 'scope',
              render: (_, kind) =>
                kind === 'sheet' ? (
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    value={candidate}
                    onChange={setCandidate}
                    style={{ minWidth: 220 }}
                    aria-label={t('records.scope')}
                    data-testid="records-candidate"
                    options={[
                      { value: allCandidates, label: t('records.allCandidates') },
                      ...candidates.map((c) => ({ value: c.candidate, label: `${c.ticket} ${c.name}` })),
                    ]}
                  />
                ) : kind === 'subsidy' ? (
                  <Space>
                    <Typography.Text>{t('records.fee')}</Typography.Text>
                    <InputNumber
                      min={0}
                      max={100_000}
                      value={fee}
                      onChange={(value) => void setFee(value ?? 0)}
                      aria-label={t('records.fee')}
                      data-testid="assessment-fee"
                    />
                  </Space>
                ) : (
                  t('records.wholeSession')
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, kind) => (
                <Space>
                  <Button
                    size="small"
                    loading={busy === `${kind}-print`}
                    disabled={kind === 'sheet' && noSheets}
                    onClick={() => printRecord(kind, 'print')}
                    data-testid={`print-${kind}`}
                  >
                    {t('records.print')}
                  </Button>
                  <Button
                    size="small"
                    loading={busy === `${kind}-save`}
                    disabled={kind === 'sheet' && noSheets}
                    onClick={() => printRecord(kind, 'save')}
                    data-testid={`save-${kind}`}
                  >
                    {t('records.savePdf')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <SpreadsheetExports session={session} busy={busy} run={run} />
    </Space>
  );
}

type Format = 'xlsx' | CsvEncoding;

function SpreadsheetExports({ session, busy, run }: { session: SessionState; busy?: string; run: RecordAction }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const [columns, setColumns] = useSetting('resultColumns');
  const [fee] = useSetting('assessmentFee');
  const [priorityGroups] = useSetting('priorityGroups');
  const [format, setFormat] = useState<Format>('xlsx');

  function changeColumns(checked: ResultColumnKey[]) {
    // Keep the catalogue's order, whatever order the boxes were ticked in.
    const ordered = resultColumnKeys.filter((key) => checked.includes(key));
    void setColumns(ordered);
  }

  function exportTable(key: string, table: ExportTable) {
    const now = Date.now();
    return run(
      `${key}-export`,
      async () => {
        const bytes = format === 'xlsx' ? await tableXlsx([table]) : tableCsv(table, format);
        const extension = format === 'xlsx' ? 'xlsx' : 'csv';
        const saved = await platform().saveFile({
          suggestedName: exportFileName(`${table.name}-${session.name}`, extension, now, localOffsetMinutes(now)),
          mimeType:
            format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
          bytes: bytes as Uint8Array<ArrayBuffer>,
        });
        return saved.saved;
      },
      t('records.exported', { name: table.name, rows: table.rows.length }),
    );
  }

  return (
    <Card size="small" title={t('records.spreadsheets')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('records.format')}</Typography.Text>
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as Format)} data-testid="export-format">
            <Radio.Button value="xlsx">Excel (.xlsx)</Radio.Button>
            <Radio.Button value="utf-8">CSV UTF-8</Radio.Button>
            <Radio.Button value="gb18030">CSV GB18030</Radio.Button>
          </Radio.Group>
        </Space>
        <Typography.Text strong>{t('records.resultColumns')}</Typography.Text>
        {columns && (
          <Checkbox.Group
            value={columns}
            onChange={(checked) => changeColumns(checked as ResultColumnKey[])}
            options={resultColumnKeys.map((key) => ({ value: key, label: resultColumnTitles[key] }))}
            data-testid="result-columns"
          />
        )}
        <Space wrap style={{ marginTop: 8 }}>
          <Button
            type="primary"
            disabled={!columns?.length}
            loading={busy === 'results-export'}
            onClick={() => exportTable('results', resultsTable(site, [session.id], columns))}
            data-testid="export-results"
          >
            {t('records.exportResults')}
          </Button>
          <Button
            loading={busy === 'roster-export'}
            onClick={() => exportTable('roster', rosterTable(site, session.id))}
            data-testid="export-roster"
          >
            {t('records.exportRoster')}
          </Button>
          <Button
            loading={busy === 'checkin-export'}
            onClick={() => exportTable('checkin', checkInTable(site, session.id))}
            data-testid="export-checkin"
          >
            {t('records.exportCheckIn')}
          </Button>
          {session.status === 'closed' && (
            <>
              <Button
                loading={busy === 'passers-export'}
                onClick={() => exportTable('passers', passersTable(site, session.id, siteCertificates(site)))}
                data-testid="export-passers"
              >
                {t('records.exportPassers')}
              </Button>
              <Button
                loading={busy === 'subsidy-export'}
                onClick={() =>
                  exportTable(
                    'subsidy',
                    subsidyTable(site, [session.id], siteCertificates(site), {
                      fee: fee ?? 0,
                      priorityGroups: priorityGroups ?? [],
                    }),
                  )
                }
                data-testid="export-subsidy"
              >
                {t('records.exportSubsidy')}
              </Button>
            </>
          )}
        </Space>
      </Space>
    </Card>
  );
}
