import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { draft, type EventBody } from '../../../shared/domain/events';
import { allocateEvenly, candidateGroup, examinerGroups } from '../../../shared/domain/groups';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { sessionCandidates } from '../sessions/selectors';

type Candidate = EventBody<'candidate.registered'>;

/**
 * 考生分组: with several examining groups, each candidate is allocated to one — evenly in ticket
 * order with one click, or one by one. Shown only when the session has more than one group.
 */
export function GroupAllocation({ session, editable }: { session: SessionState; editable: boolean }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const groups = useMemo(() => examinerGroups(site, session.id), [site, session.id]);
  const candidates = useMemo(() => sessionCandidates(site, session.id), [site, session.id]);
  if (groups.size < 2) return null;
  const names = [...groups.keys()].sort();
  const groupOf = (c: Candidate) => candidateGroup(site, session.id, c.candidate, groups);
  const counts = names.map((g) => ({ group: g, count: candidates.filter((c) => groupOf(c) === g).length }));
  const unallocated = candidates.filter((c) => groupOf(c) === undefined).length;
  const scored = new Set(
    Object.values(site.sheets)
      .filter((s) => s.session === session.id)
      .map((s) => s.candidate),
  );

  const allocate = (groupsByCandidate: Record<string, string>) =>
    command(
      draft('candidates.allocated', user.person, { session: session.id, groups: groupsByCandidate }),
      t('assignments.allocated'),
    );

  return (
    <Card
      size="small"
      title={t('assignments.allocation')}
      data-testid="group-allocation"
      extra={
        editable && (
          <Button
            onClick={() =>
              allocate(
                allocateEvenly(
                  candidates.filter((c) => !scored.has(c.candidate)),
                  names,
                ),
              )
            }
            disabled={scored.size > 0}
            data-testid="allocate-evenly"
          >
            {t('assignments.allocateEvenly')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 8 }} data-testid="allocation-counts">
        {counts.map((c) => (
          <Tag key={c.group}>{t('assignments.groupCount', c)}</Tag>
        ))}
        {unallocated > 0 && <Tag color="red">{t('assignments.unallocatedCount', { count: unallocated })}</Tag>}
      </Space>
      <Typography.Paragraph type="secondary">{t('assignments.allocationHint')}</Typography.Paragraph>
      <Table<Candidate>
        size="small"
        rowKey="candidate"
        virtual
        scroll={{ y: 260 }}
        pagination={false}
        dataSource={candidates}
        columns={[
          { title: t('roster.ticket'), dataIndex: 'ticket', width: 150 },
          { title: t('roster.name'), dataIndex: 'name', width: 120 },
          {
            title: t('assignments.group'),
            key: 'group',
            render: (_, c) => (
              <Select
                size="small"
                style={{ width: 120 }}
                value={groupOf(c)}
                placeholder={t('assignments.noGroup')}
                disabled={!editable || scored.has(c.candidate)}
                aria-label={t('assignments.groupOf', { name: c.name })}
                onChange={(group: string) => void allocate({ [c.candidate]: group })}
                options={names.map((g) => ({ value: g, label: g }))}
                data-testid={`group-of-${c.ticket}`}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
