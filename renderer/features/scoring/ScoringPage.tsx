import { Card, Col, Empty, Input, List, Row, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { disputesToArbitrate, specOfSession } from '../../../shared/domain/scoring';
import { recusalProblems } from '../../../shared/domain/assignment';
import { candidateGroup, examinerGroups } from '../../../shared/domain/groups';
import { draftsOf } from '../../db/drafts';
import { useAppStore } from '../../store';
import { assignedSessions, matchingCandidates, sessionCandidates } from '../sessions/selectors';
import { ArbitrationPanel } from './ArbitrationPanel';
import { ScoreSheet } from './ScoreSheet';
import { MisconductCard } from '../supervision/MisconductCard';

const statusColors = { todo: 'default', draft: 'orange', submitted: 'green' } as const;

/** The examiner's hour at the bench: their open sessions, their present candidates, one sheet at a time. */
export function ScoringPage() {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const sessions = useMemo(
    () => assignedSessions(site, user.person, 'examiner', (s) => s.status === 'open'),
    [site, user.person],
  );
  const [sessionId, setSessionId] = useState<string>();
  const session = sessions.find((s) => s.id === sessionId) ?? sessions[0];
  // In the store, not here: unlocking after an idle lock comes back to this sheet.
  const candidateId = useAppStore((s) => s.scoringCandidate);
  const openCandidate = useAppStore((s) => s.openScoringCandidate);
  // Each pick (even of the sheet already open) puts the keyboard in its first empty box.
  const [picks, setPicks] = useState(0);
  const setCandidateId = (candidate: string | undefined) => {
    openCandidate(candidate);
    setPicks((n) => n + 1);
  };
  const [filter, setFilter] = useState('');
  const [drafted, setDrafted] = useState<Set<string>>(new Set());
  const [draftsRevision, setDraftsRevision] = useState(0);

  useEffect(() => {
    void draftsOf(user.person).then((rows) => setDrafted(new Set(rows.map((r) => `${r.session}/${r.candidate}`))));
  }, [user.person, candidateId, site, draftsRevision]);
  const disputes = useMemo(
    () => (site && session ? disputesToArbitrate(site, user.person).filter((d) => d.session === session.id) : []),
    [site, session, user.person],
  );

  if (!site || !session)
    return (
      <Card title={t('scoring.title')}>
        <Empty description={t('scoring.noSessions')} />
      </Card>
    );
  const spec = specOfSession(site, session.id)!;
  const recused = new Set(recusalProblems(site, session.id, user.person).map((p) => p.candidate));
  // Only the examiner's own group's candidates (with one group, everyone).
  const group = site.assignments[`${session.id}/${user.person}`]?.group;
  const groups = examinerGroups(site, session.id);
  const candidates = sessionCandidates(site, session.id).filter(
    (c) =>
      site.checkIns[`${session.id}/${c.candidate}`]?.state === 'present' &&
      !recused.has(c.candidate) &&
      candidateGroup(site, session.id, c.candidate, groups) === group,
  );
  const statusOf = (candidate: string) =>
    site.sheetIndex[`${session.id}/${candidate}/${user.person}`]
      ? 'submitted'
      : drafted.has(`${session.id}/${candidate}`)
        ? 'draft'
        : 'todo';
  const shown = matchingCandidates(candidates, filter);
  const current = candidates.find((c) => c.candidate === candidateId);
  const isLeader = site.assignments[`${session.id}/${user.person}`]?.leader === true;
  const disputed = new Set(disputes.map((d) => d.candidate));

  /** After a submission, the next candidate still to score (after this one in the list, then from the top). */
  function nextUnscored(submitted: string) {
    const at = candidates.findIndex((c) => c.candidate === submitted);
    const order = [...candidates.slice(at + 1), ...candidates.slice(0, Math.max(at, 0))];
    setCandidateId(order.find((c) => c.candidate !== submitted && statusOf(c.candidate) !== 'submitted')?.candidate);
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {isLeader && <ArbitrationPanel session={session} disputes={disputes} />}
      <Row gutter={16}>
        <Col xs={24} lg={7}>
          <Card title={t('scoring.candidates')} size="small">
            {sessions.length > 1 && (
              <Select
                style={{ width: '100%', marginBottom: 8 }}
                value={session.id}
                onChange={setSessionId}
                options={sessions.map((s) => ({ value: s.id, label: s.name }))}
              />
            )}
            <Input.Search
              allowClear
              placeholder={t('roster.searchPlaceholder')}
              value={filter}
              onChange={(e) => setFilter(e.target.value.trim())}
              style={{ marginBottom: 8 }}
            />
            <List
              size="small"
              data-testid="scoring-candidates"
              dataSource={shown}
              style={{ maxHeight: 640, overflow: 'auto' }}
              renderItem={(c) => {
                const status = statusOf(c.candidate);
                return (
                  <List.Item
                    onClick={() => setCandidateId(c.candidate)}
                    // A keyboard reaches every candidate: Tab to the row, Enter or Space opens the sheet.
                    tabIndex={0}
                    aria-current={c.candidate === candidateId}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        setCandidateId(c.candidate);
                      }
                    }}
                    style={{
                      cursor: 'pointer',
                      minHeight: 48,
                      background: c.candidate === candidateId ? '#e8f0fa' : undefined,
                      paddingInline: 8,
                    }}
                    data-testid={`scoring-candidate-${c.ticket}`}
                    extra={
                      <Space size={4}>
                        {disputed.has(c.candidate) && <Tag color="red">{t('scoring.statuses.disputed')}</Tag>}
                        <Tag color={statusColors[status]}>{t(`scoring.statuses.${status}`)}</Tag>
                      </Space>
                    }
                  >
                    {c.ticket} {c.name}
                  </List.Item>
                );
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={17}>
          {current ? (
            <ScoreSheet
              session={session}
              candidate={current}
              spec={spec}
              user={user}
              onDraftSaved={() => setDraftsRevision((n) => n + 1)}
              onSubmitted={() => nextUnscored(current.candidate)}
              focusRequest={picks}
              disputedItems={new Set(disputes.filter((d) => d.candidate === current.candidate).map((d) => d.item))}
            />
          ) : (
            <Card>
              <Empty description={t('scoring.pickCandidate')} />
            </Card>
          )}
        </Col>
      </Row>
      {/* R2: the examiner deals with misconduct in their own room and writes it down; the supervisor confirms. */}
      <MisconductCard session={session} candidates={candidates} />
    </Space>
  );
}
