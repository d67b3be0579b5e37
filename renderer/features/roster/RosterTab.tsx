import { Button, Empty, Input, Space, Table, Tag } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventBody } from '../../../shared/domain/events';
import type { SessionState } from '../../../shared/state/project';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { matchingCandidates, sessionCandidates } from '../sessions/selectors';
import { RosterImport } from './RosterImport';
import { candidateIdentityColumns } from './candidateColumns';
import { rosterTemplate } from './rosterFile';

type Candidate = EventBody<'candidate.registered'>;

/** The session's roster: a virtualized table that stays quick with 1,000 candidates, searched as you type. */
export function RosterTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim().toUpperCase());
  const [importing, setImporting] = useState(false);
  const candidates = useMemo(() => sessionCandidates(site, session.id), [site, session.id]);
  const shown = useMemo(() => matchingCandidates(candidates, deferred), [candidates, deferred]);

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
          scroll={{ y: 520, x: 1100 }}
          pagination={false}
          dataSource={shown}
          data-testid="roster-table"
          columns={[
            ...candidateIdentityColumns<Candidate>(t),
            {
              title: t('roster.sex'),
              dataIndex: 'sex',
              width: 60,
              render: (sex: Candidate['sex']) => t(`roster.sexes.${sex}`),
            },
            { title: t('roster.education'), dataIndex: 'education', width: 90 },
            { title: t('roster.trainingUnit'), dataIndex: 'trainingUnit', width: 220 },
            { title: t('roster.employer'), dataIndex: 'employer', width: 160 },
            {
              title: t('roster.attempt'),
              dataIndex: 'attempt',
              width: 80,
              render: (a: Candidate['attempt']) => t(`roster.attempts.${a}`),
            },
          ]}
        />
      )}
      <RosterImport session={session} open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}
