import { Alert, Button, Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draft, type EventBody } from '../../../shared/domain/events';
import {
  allocateByWorkstation,
  allocateEvenly,
  candidateGroup,
  examinerGroups,
  workstationNumbers,
} from '../../../shared/domain/groups';
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
  const workstations = useMemo(() => workstationNumbers(candidates), [candidates]);
  // Workstation ranges per group, as the rooms are laid out (typed; empty until the manager types them).
  const [ranges, setRanges] = useState<Record<string, { from?: number; to?: number }>>({});
  const [rangeProblem, setRangeProblem] = useState<string>();
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

  const allocateRanges = async () => {
    const result = allocateByWorkstation(
      candidates.filter((c) => !scored.has(c.candidate)),
      names.map((group) => ({ group, from: ranges[group]?.from ?? 0, to: ranges[group]?.to ?? 0 })),
    );
    if (!result.ok) return setRangeProblem(t(`assignments.rangeProblems.${result.problem}`, { group: result.group }));
    setRangeProblem(undefined);
    await allocate(result.groups);
  };

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
      {editable && (
        <Space wrap style={{ marginBottom: 8 }} data-testid="workstation-ranges">
          {names.map((group) => (
            <Space key={group} size={4}>
              <Typography.Text>{t('assignments.rangeOf', { group })}</Typography.Text>
              {(['from', 'to'] as const).map((end) => (
                <InputNumber
                  key={end}
                  size="small"
                  min={1}
                  max={candidates.length}
                  style={{ width: 72 }}
                  value={ranges[group]?.[end]}
                  onChange={(value) =>
                    setRanges((r) => ({ ...r, [group]: { ...r[group], [end]: value ?? undefined } }))
                  }
                  aria-label={t(`assignments.range.${end}`, { group })}
                  data-testid={`range-${end}-${group}`}
                />
              ))}
            </Space>
          ))}
          <Button onClick={() => void allocateRanges()} disabled={scored.size > 0} data-testid="allocate-by-range">
            {t('assignments.allocateByRange')}
          </Button>
        </Space>
      )}
      {rangeProblem && <Alert type="error" showIcon title={rangeProblem} data-testid="range-problem" />}
      <Table<Candidate>
        size="small"
        rowKey="candidate"
        virtual
        scroll={{ y: 260 }}
        pagination={false}
        dataSource={candidates}
        columns={[
          {
            title: t('assignments.workstation'),
            key: 'workstation',
            width: 70,
            render: (_, c) => workstations.get(c.candidate),
          },
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
