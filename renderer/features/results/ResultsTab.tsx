import { Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { specParts } from '../../../shared/domain/events';
import {
  formatPoints,
  sessionResults,
  specOfSession,
  toHundredths,
  type CandidateResult,
} from '../../../shared/domain/scoring';
import type { SessionState } from '../../../shared/state/project';
import { useAppStore } from '../../store';

const statusColors: Record<CandidateResult['status'], string> = {
  not_checked_in: 'default',
  absent: 'default',
  late_refused: 'default',
  pending: 'processing',
  disputed: 'orange',
  scored: 'green',
  void: 'red',
  stopped: 'red',
};

/** Per candidate: each examiner's total, the final score, pass or fail, flags; per session: counts and pass rate. */
export function ResultsTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const results = useMemo(() => sessionResults(site, session.id), [site, session.id]);
  const examiners = Object.values(site.assignments).filter((a) => a.session === session.id && a.role === 'examiner');
  const rate = results.passRate === undefined ? '—' : `${formatPoints(results.passRate)}%`;
  // A theory + practical specification: each part's score, since each must pass on its own.
  const spec = specOfSession(site, session.id);
  const parts = spec?.method === 'theory_practical' ? specParts : [];
  const passMark = toHundredths(spec?.passMark ?? 60);

  return (
    // A grid track that may shrink below its content: the wide table scrolls inside, not the page.
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 8 }}>
      <Typography.Text strong data-testid="results-summary">
        {t('results.summary', { ...results, rate })}
      </Typography.Text>
      <Table<CandidateResult>
        size="small"
        rowKey="candidate"
        virtual
        // As wide as its columns (several groups' examiners and two parts add up): the table scrolls
        // sideways inside its card, never the page.
        scroll={{ y: 560, x: 140 + 100 + 90 * examiners.length + 110 * parts.length + 100 + 120 + 160 }}
        pagination={false}
        data-testid="results-table"
        dataSource={results.candidates}
        columns={[
          {
            title: t('roster.ticket'),
            key: 'ticket',
            width: 140,
            render: (_, r) => site.candidates[r.candidate]?.ticket,
          },
          { title: t('roster.name'), key: 'name', width: 100, render: (_, r) => site.candidates[r.candidate]?.name },
          ...examiners.map((a) => ({
            title: site.people[a.person]?.name ?? '',
            key: a.person,
            width: 90,
            render: (_: unknown, r: CandidateResult) =>
              r.examinerTotals[a.person] === undefined ? '' : formatPoints(r.examinerTotals[a.person]!),
          })),
          ...parts.map((part) => ({
            title: t(`specs.parts.${part}`),
            key: part,
            width: 110,
            render: (_: unknown, r: CandidateResult) => {
              const score = r.parts?.[part];
              if (score === undefined) return '';
              // A part below the pass mark fails the candidate whatever the total: marked so it is seen.
              return score < passMark ? (
                <Typography.Text type="danger" strong>
                  {formatPoints(score)}
                </Typography.Text>
              ) : (
                formatPoints(score)
              );
            },
          })),
          {
            title: t('results.final'),
            key: 'final',
            width: 100,
            render: (_, r) => (r.final === undefined ? '' : <strong>{formatPoints(r.final)}</strong>),
          },
          {
            title: t('results.result'),
            key: 'result',
            width: 120,
            render: (_, r) =>
              r.status === 'scored' ? (
                <Tag color={r.pass ? 'green' : 'red'}>{r.pass ? t('results.pass') : t('results.fail')}</Tag>
              ) : (
                <Tag color={statusColors[r.status]}>{t(`results.statuses.${r.status}`)}</Tag>
              ),
          },
          {
            title: t('results.flags'),
            key: 'flags',
            render: (_, r) => r.flags.map((f) => <Tag key={f}>{t(`results.flagNames.${f}`)}</Tag>),
          },
        ]}
      />
    </div>
  );
}
