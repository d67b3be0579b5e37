import { Alert, Button, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffingProblems } from '../../../shared/domain/assignment';
import { GroupAllocation } from './GroupAllocation';
import { CorrectionModal } from '../corrections/CorrectionModal';
import type { EventBody } from '../../../shared/domain/events';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { sessionCandidates } from '../sessions/selectors';
import { draft } from '../../../shared/domain/events';

type Assignment = EventBody<'assignment.made'>;
const relations = ['relative', 'training_unit', 'employer', 'teacher_student', 'other'] as const;

/** Examiners and supervisors of a session, with the staffing rules and recusal declarations. */
export function AssignmentsTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [adding, setAdding] = useState<'examiner' | 'supervisor'>();
  const [revoking, setRevoking] = useState<Assignment>();
  const [declaring, setDeclaring] = useState(false);
  const [addForm] = Form.useForm<{ person: string; group: string }>();
  const [conflictForm] = Form.useForm<{
    person: string;
    candidate: string;
    relation: (typeof relations)[number];
    note?: string;
  }>();
  const editable = session.status !== 'closed';

  const assignments = useMemo(
    () => Object.values(site?.assignments ?? {}).filter((a) => a.session === session.id),
    [site, session.id],
  );
  const problems = useMemo(() => (site ? staffingProblems(site, session.id) : []), [site, session.id]);
  const people = site?.people ?? {};
  const assigned = new Set(assignments.map((a) => a.person));
  const candidates = sessionCandidates(site, session.id);
  const declared = Object.values(site?.declaredConflicts ?? {}).filter((c) =>
    candidates.some((x) => x.candidate === c.candidate),
  );

  const base = (person: string, role: 'examiner' | 'supervisor', group: string, leader: boolean) => ({
    actor: user.person,
    type: 'assignment.made',
    body: { session: session.id, person, role, group, leader },
  });

  async function add({ person, group }: { person: string; group: string }) {
    if (!adding) return;
    if (await command(base(person, adding, group?.trim() || 'A', false), t('common.saved'))) {
      addForm.resetFields();
      setAdding(undefined);
    }
  }

  async function makeLeader(a: Assignment) {
    // One leader per group: the old one steps down in the same write.
    const previous = assignments.filter(
      (x) => x.role === 'examiner' && x.group === a.group && x.leader && x.person !== a.person,
    );
    await command(
      [...previous.map((p) => base(p.person, 'examiner', p.group, false)), base(a.person, 'examiner', a.group, true)],
      t('common.saved'),
    );
  }

  async function revoke({ reason }: { reason: string }) {
    if (!revoking) return false;
    const ok = await command(
      draft('assignment.revoked', user.person, { session: session.id, person: revoking.person, reason }),
      t('assignments.revoked'),
    );
    if (ok) setRevoking(undefined);
    return ok;
  }

  async function declare(values: {
    person: string;
    candidate: string;
    relation: (typeof relations)[number];
    note?: string;
  }) {
    if (
      await command(
        draft('conflict.declared', user.person, { ...values, note: values.note?.trim() ?? '' }),
        t('assignments.declared'),
      )
    ) {
      conflictForm.resetFields();
      setDeclaring(false);
    }
  }

  const table = (role: 'examiner' | 'supervisor') => (
    <Table<Assignment>
      size="small"
      rowKey="person"
      pagination={false}
      data-testid={`${role}s-table`}
      dataSource={assignments.filter((a) => a.role === role)}
      columns={[
        { title: t('auth.name'), key: 'name', render: (_, a) => people[a.person]?.name },
        ...(role === 'examiner'
          ? [
              { title: t('assignments.group'), dataIndex: 'group' },
              {
                title: t('assignments.leader'),
                key: 'leader',
                render: (_: unknown, a: Assignment) =>
                  a.leader ? <Tag color="gold">{t('assignments.leader')}</Tag> : null,
              },
            ]
          : []),
        { title: t('people.trainingUnit'), key: 'unit', render: (_, a) => people[a.person]?.trainingUnit },
        { title: t('people.employer'), key: 'employer', render: (_, a) => people[a.person]?.employer },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, a) =>
            editable && (
              <Space>
                {role === 'examiner' && !a.leader && (
                  <Button
                    size="small"
                    onClick={() => makeLeader(a)}
                    data-testid={`make-leader-${people[a.person]?.name}`}
                  >
                    {t('assignments.setLeader')}
                  </Button>
                )}
                <Button
                  size="small"
                  danger
                  onClick={() => setRevoking(a)}
                  data-testid={`revoke-${people[a.person]?.name}`}
                >
                  {t('assignments.revoke')}
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {problems.length === 0 ? (
        <Alert type="success" showIcon title={t('assignments.staffingOk')} />
      ) : (
        <Alert
          type={problems.some((p) => p.severity === 'error') ? 'error' : 'warning'}
          showIcon
          data-testid="staffing-problems"
          title={
            <List
              size="small"
              split={false}
              dataSource={problems}
              renderItem={(p) => (
                <List.Item style={{ padding: 2 }}>
                  {t(`staffing.${p.code}`, {
                    ...p.params,
                    ...(typeof p.params.reason === 'string' ? { reason: t(`rules.reasons.${p.params.reason}`) } : {}),
                  })}
                </List.Item>
              )}
            />
          }
        />
      )}
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('assignments.examiners')}
        </Typography.Title>
        {editable && (
          <Button onClick={() => setAdding('examiner')} data-testid="add-examiner">
            {t('assignments.addExaminer')}
          </Button>
        )}
      </Space>
      {table('examiner')}
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('assignments.supervisors')}
        </Typography.Title>
        {editable && (
          <Button onClick={() => setAdding('supervisor')} data-testid="add-supervisor">
            {t('assignments.addSupervisor')}
          </Button>
        )}
      </Space>
      {table('supervisor')}
      <GroupAllocation session={session} editable={editable} />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('assignments.declareConflict')}
        </Typography.Title>
        <Button onClick={() => setDeclaring(true)} data-testid="declare-conflict">
          {t('assignments.declareConflict')}
        </Button>
      </Space>
      <List
        size="small"
        bordered
        dataSource={declared}
        locale={{ emptyText: <Typography.Text type="secondary">{t('common.none')}</Typography.Text> }}
        renderItem={(c) => (
          <List.Item>
            {people[c.person]?.name} — {site?.candidates[c.candidate]?.name}：{t(`assignments.relations.${c.relation}`)}{' '}
            {c.note}
          </List.Item>
        )}
      />

      <Modal
        title={adding && t(adding === 'examiner' ? 'assignments.addExaminer' : 'assignments.addSupervisor')}
        open={!!adding}
        onCancel={() => setAdding(undefined)}
        onOk={() => addForm.submit()}
        okText={t('assignments.assign')}
        destroyOnHidden
      >
        <Form form={addForm} layout="vertical" onFinish={add} initialValues={{ group: 'A' }}>
          <Form.Item name="person" label={t('auth.person')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              data-testid="assign-person"
              showSearch={{ optionFilterProp: 'label' }}
              options={Object.values(people)
                .filter((p) => p.role === adding && !assigned.has(p.person) && !p.deactivated)
                .map((p) => ({
                  value: p.person,
                  label:
                    p.trainingUnit || p.employer
                      ? `${p.name}（${[p.trainingUnit, p.employer].filter(Boolean).join('，')}）`
                      : p.name,
                }))}
            />
          </Form.Item>
          {adding === 'examiner' && (
            <Form.Item name="group" label={t('assignments.group')}>
              <Input maxLength={40} style={{ width: 120 }} data-testid="assign-group" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <CorrectionModal
        open={!!revoking}
        title={t('assignments.revoke')}
        okText={t('assignments.revoke')}
        reasonLabel={t('assignments.revokeReason')}
        danger
        onCancel={() => setRevoking(undefined)}
        onSubmit={revoke}
      />
      <Modal
        title={t('assignments.declareConflict')}
        open={declaring}
        onCancel={() => setDeclaring(false)}
        onOk={() => conflictForm.submit()}
        okText={t('common.save')}
        destroyOnHidden
      >
        <Form form={conflictForm} layout="vertical" onFinish={declare} initialValues={{ relation: 'relative' }}>
          <Form.Item
            name="person"
            label={t('assignments.conflictPerson')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              data-testid="conflict-person"
              showSearch={{ optionFilterProp: 'label' }}
              options={Object.values(people)
                .filter((p) => p.role !== 'manager')
                .map((p) => ({ value: p.person, label: `${p.name}（${t(`roles.${p.role}`)}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="candidate"
            label={t('assignments.conflictCandidate')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              data-testid="conflict-candidate"
              showSearch={{ optionFilterProp: 'label' }}
              options={candidates.map((c) => ({ value: c.candidate, label: `${c.name} ${c.ticket}` }))}
            />
          </Form.Item>
          <Form.Item name="relation" label={t('assignments.relation')}>
            <Select options={relations.map((r) => ({ value: r, label: t(`assignments.relations.${r}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('assignments.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
