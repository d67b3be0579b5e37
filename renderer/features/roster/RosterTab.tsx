import { Button, Empty, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventBody } from '../../../shared/domain/events';
import type { SessionState } from '../../../shared/state/project';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { matchingCandidates, sessionCandidates } from '../sessions/selectors';
import { RosterImport } from './RosterImport';
import { AddCandidate } from './AddCandidate';
import { candidateIdentityColumns } from './candidateColumns';
import { rosterTemplate } from '../../../shared/domain/rosterFile';
import { draft } from '../../../shared/domain/events';
import { formatDateTime } from '../../i18n';
import { useCommand } from '../../app/useCommand';
import { CorrectionModal } from '../corrections/CorrectionModal';

type Candidate = EventBody<'candidate.registered'>;

/** The session's roster: a virtualized table that stays quick with 1,000 candidates, searched as you type. */
export function RosterTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [withdrawing, setWithdrawing] = useState<Candidate>();
  const [query, setQuery] = useState('');
  // Filtered in the keystroke's own render, not deferred: the table is virtual (only the visible
  // rows render), and a deferred list arrived a frame or two after the key (bench: search p99).
  const wanted = query.trim().toUpperCase();
  const [importing, setImporting] = useState(false);
  const [adding, setAdding] = useState(false);
  const candidates = useMemo(() => sessionCandidates(site, session.id), [site, session.id]);
  const shown = useMemo(() => matchingCandidates(candidates, wanted), [candidates, wanted]);
  const withdrawn = useMemo(
    () => Object.values(site?.withdrawnCandidates ?? {}).filter((c) => c.session === session.id),
    [site, session.id],
  );
  const editable = session.status !== 'closed';

  // The same columns object from render to render: a keystroke re-renders this tab, and new
  // columns would make the virtual table render every row again (the search p99, issue 20's bench).
  // `site` is a new object after every change the ledger commits (its collections change in place).
  const columns = useMemo(
    () => [
      ...candidateIdentityColumns<Candidate>(t),
      {
        title: t('roster.sex'),
        dataIndex: 'sex',
        width: 60,
        render: (sex: Candidate['sex']) => t(`roster.sexes.${sex}`),
      },
      { title: t('roster.education'), dataIndex: 'education', width: 90 },
      { title: t('roster.trainingUnit'), dataIndex: 'trainingUnit', width: 180, ellipsis: true },
      { title: t('roster.employer'), dataIndex: 'employer', width: 150, ellipsis: true },
      {
        title: t('roster.attempt'),
        dataIndex: 'attempt',
        width: 70,
        render: (a: Candidate['attempt']) => t(`roster.attempts.${a}`),
      },
      {
        title: t('common.actions'),
        key: 'actions',
        width: 90,
        // Withdrawn only before check-in; after it, absence, impersonation or misconduct apply.
        render: (_, c) =>
          editable && !site?.checkIns[`${session.id}/${c.candidate}`] ? (
            <Button size="small" onClick={() => setWithdrawing(c)} data-testid={`withdraw-${c.ticket}`}>
              {t('roster.withdraw')}
            </Button>
          ) : null,
      },
    ],
    [t, editable, site, session.id],
  );

  async function withdraw({ reason }: { reason: string }) {
    if (!withdrawing) return false;
    const ok = await command(
      draft('candidate.withdrawn', user.person, { candidate: withdrawing.candidate, reason }),
      t('roster.withdrawn', { name: withdrawing.name }),
    );
    if (ok) setWithdrawing(undefined);
    return ok;
  }

  async function downloadTemplate() {
    await platform().saveFile({
      suggestedName: '考生名册模板.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: await rosterTemplate(),
    });
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('roster.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 360 }}
          data-testid="roster-search"
        />
        {session.status !== 'closed' && (
          <Button type="primary" onClick={() => setImporting(true)} data-testid="roster-import">
            {t('roster.import')}
          </Button>
        )}
        {session.status !== 'closed' && (
          <Button onClick={() => setAdding(true)} data-testid="add-candidate">
            {t('roster.addCandidate')}
          </Button>
        )}
        <Button onClick={downloadTemplate} data-testid="roster-template">
          {t('roster.template')}
        </Button>
        <Tag data-testid="roster-count">{t('common.total', { count: shown.length })}</Tag>
      </Space>
      {candidates.length === 0 ? (
        <Empty description={t('roster.empty')} />
      ) : (
        <Table<Candidate>
          rowKey="candidate"
          size="small"
          virtual
          // The columns' widths add up to what fits beside the menu at 1366 px: no sideways scroll.
          scroll={{ y: 520, x: 1060 }}
          pagination={false}
          dataSource={shown}
          data-testid="roster-table"
          columns={columns}
        />
      )}
      {withdrawn.length > 0 && (
        <List
          size="small"
          bordered
          header={<Typography.Text strong>{t('roster.withdrawnList', { count: withdrawn.length })}</Typography.Text>}
          dataSource={withdrawn}
          data-testid="withdrawn-candidates"
          renderItem={(c) => (
            <List.Item>
              {c.ticket} {c.name} — {c.withdrawn.reason}（{formatDateTime(c.withdrawn.at)}，
              {site?.people[c.withdrawn.by]?.name ?? ''}）
            </List.Item>
          )}
        />
      )}
      <CorrectionModal
        open={!!withdrawing}
        title={t('roster.withdrawTitle', { name: withdrawing?.name ?? '' })}
        hint={t('roster.withdrawHint')}
        okText={t('roster.withdraw')}
        danger
        onCancel={() => setWithdrawing(undefined)}
        onSubmit={withdraw}
      />
      <RosterImport session={session} open={importing} onClose={() => setImporting(false)} />
      <AddCandidate session={session} open={adding} onClose={() => setAdding(false)} />
    </Space>
  );
}
