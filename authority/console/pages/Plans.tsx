/**
 * 考核计划: a plan built in forms — the site, a session with its specification, the examiners
 * and supervisors the district sends, the roster read from .xlsx/.csv and checked row by row
 * with the app's own checks (shared/domain/roster.ts) — signed and published by the server, then
 * downloaded as the plan file or as a USB package for the site.
 */
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Table, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Specification } from '../../../shared/domain/events';
import { defaultPriorityGroups } from '../../../shared/domain/priorityGroups';
import { autoMapColumns, checkRoster, type CheckedRow, type RowError } from '../../../shared/domain/roster';
import { readRosterFile, RosterFileError } from '../../../shared/domain/rosterFile';
import { formatTime } from '../../../shared/ledger/ids';
import { download, get, post, type PlanRow, type Role } from '../api';
import { describeError, useAction, useData } from '../useApi';

const loadPlans = () => get<PlanRow[]>('/plans');
const loadSpecs = () => get<Specification[]>('/specs');

interface PlanForm {
  site: string;
  spec: string;
  name: string;
  room: string;
  startsAt: Dayjs;
  people: { name: string; role: 'examiner' | 'supervisor'; group: string; leader?: boolean }[];
}

export function Plans({ role }: { role: Role }) {
  const { t } = useTranslation();
  const act = useAction();
  const plans = useData(loadPlans);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {role !== 'auditor' && <NewPlan onPublished={plans.reload} />}
      <Card title={t('plans.title')}>
        {plans.error ? (
          <Alert type="error" showIcon title={describeError(plans.error, t)} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={plans.loading}
            dataSource={plans.data ?? []}
            scroll={{ x: true }}
            columns={[
              {
                title: t('plans.publishedAt'),
                dataIndex: 'publishedAt',
                render: (ms: number) => formatTime(ms, 480).slice(0, 19).replace('T', ' '),
              },
              { title: t('plans.site'), dataIndex: 'site' },
              { title: t('plans.by'), dataIndex: 'login' },
              { title: 'ID', dataIndex: 'id', render: (id: string) => <code>{id}</code> },
              {
                key: 'downloads',
                render: (_: unknown, row: PlanRow) => (
                  <Space>
                    <Button
                      size="small"
                      onClick={() => void act(() => download(`/plans/${row.id}/plan.json`, 'plan.json'))}
                    >
                      {t('plans.downloadPlan')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => void act(() => download(`/plans/${row.id}/package.kdpkg`, 'authority.kdpkg'))}
                    >
                      {t('plans.downloadPackage')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

function NewPlan({ onPublished }: { onPublished: () => void }) {
  const { t } = useTranslation();
  const act = useAction();
  const specs = useData(loadSpecs);
  const [form] = Form.useForm<PlanForm>();
  const [roster, setRoster] = useState<{ name: string; rows: CheckedRow[] }>();
  const [rosterProblem, setRosterProblem] = useState<string>();
  const [published, setPublished] = useState<string>();
  const startsAt = Form.useWatch('startsAt', form);

  // The time picked is the wall-clock time at the site, in China (UTC+8), whatever the
  // operator's computer is set to.
  const beijing = (value: Dayjs) => `${value.format('YYYY-MM-DDTHH:mm')}:00.000+08:00`;
  const day = (value: Dayjs | undefined) => value?.format('YYYY-MM-DD');

  const readRoster = async (file: File, assessmentDay: string | undefined) => {
    setRosterProblem(undefined);
    try {
      const table = await readRosterFile(file.name, new Uint8Array(await file.arrayBuffer()));
      const rows = checkRoster(table.rows, autoMapColumns(table.headers), {
        existing: [],
        priorityGroups: defaultPriorityGroups,
        ...(assessmentDay ? { assessmentDate: assessmentDay, ticketPrefix: assessmentDay.replaceAll('-', '') } : {}),
      });
      setRoster({ name: file.name, rows });
    } catch (error) {
      setRoster(undefined);
      setRosterProblem(
        t('plans.rosterFileError', {
          reason: error instanceof RosterFileError ? t(`rosterFileErrors.${error.code}`) : describeError(error, t),
        }),
      );
    }
  };

  const explain = (e: RowError) =>
    t(`rowErrors.${e.code}`, { ...e.params, field: e.field ? t(`fields.${e.field}`) : '' });
  const bad = roster?.rows.filter((r) => r.errors.length > 0) ?? [];

  const publish = async (values: PlanForm) => {
    const spec = specs.data?.find((s) => `${s.code}@${s.version}` === values.spec);
    if (!spec || !roster || bad.length) return;
    const session = crypto.randomUUID();
    const people = values.people.map((p) => ({ ...p, person: crypto.randomUUID() }));
    const draft = {
      site: values.site.trim(),
      specs: [spec],
      sessions: [
        {
          session,
          spec: spec.code,
          specVersion: spec.version,
          name: values.name.trim(),
          room: values.room?.trim() ?? '',
          startsAt: beijing(values.startsAt),
          plannedCandidates: roster.rows.length,
        },
      ],
      people: people.map((p) => ({ person: p.person, name: p.name.trim(), role: p.role })),
      candidates: roster.rows.map((r) => ({ candidate: crypto.randomUUID(), session, ...r.candidate! })),
      assignments: people.map((p) => ({
        session,
        person: p.person,
        role: p.role,
        group: p.group?.trim() || 'A',
        leader: p.role === 'examiner' && Boolean(p.leader),
      })),
    };
    const done = await act(
      () => post<{ id: string }>('/plans', draft),
      (plan) => t('plans.published', { id: plan.id }),
    );
    if (done) {
      setPublished(done.id);
      form.resetFields();
      setRoster(undefined);
      onPublished();
    }
  };

  return (
    <Card title={t('plans.new')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={publish}
        initialValues={{ people: [{ role: 'examiner', group: 'A', leader: true }] }}
        style={{ maxWidth: 900 }}
      >
        <Space wrap size="large" align="start">
          <Form.Item
            name="site"
            label={t('plans.site')}
            rules={[{ required: true, whitespace: true, message: t('plans.required') }]}
          >
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="spec" label={t('plans.spec')} rules={[{ required: true, message: t('plans.required') }]}>
            <Select
              data-testid="plan-spec"
              style={{ width: 320 }}
              loading={specs.loading}
              options={(specs.data ?? []).map((s) => ({
                value: `${s.code}@${s.version}`,
                label: `${s.name} (${s.code})`,
              }))}
            />
          </Form.Item>
        </Space>
        <Space wrap size="large" align="start">
          <Form.Item
            name="name"
            label={t('plans.sessionName')}
            rules={[{ required: true, whitespace: true, message: t('plans.required') }]}
          >
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="room" label={t('plans.room')}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="startsAt"
            label={t('plans.startsAt')}
            rules={[{ required: true, message: t('plans.required') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('plans.people')}</Typography.Title>
        <Form.List
          name="people"
          rules={[
            {
              validator: async (_rule, people: PlanForm['people'] | undefined) => {
                if (!people?.some((p) => p?.role === 'examiner')) throw new Error(t('plans.needExaminer'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('plans.personName')}
                    rules={[{ required: true, whitespace: true, message: t('plans.required') }]}
                  >
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'role']} label={t('plans.personRole')}>
                    <Select
                      data-testid={`person-role-${field.name}`}
                      style={{ width: 120 }}
                      options={(['examiner', 'supervisor'] as const).map((r) => ({
                        value: r,
                        label: t(`plans.roles.${r}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'group']} label={t('plans.group')}>
                    <Input style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'leader']} valuePropName="checked" label={t('plans.leader')}>
                    <Checkbox />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('plans.remove')}</Button>
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button onClick={() => add({ role: 'examiner', group: 'A' })} style={{ marginBottom: 16 }}>
                {t('plans.addPerson')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('plans.roster')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('plans.rosterTemplate')}</Typography.Paragraph>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void readRoster(file, day(startsAt));
            return false;
          }}
        >
          <Button>{t('plans.rosterUpload')}</Button>
        </Upload>
        {rosterProblem && <Alert type="error" showIcon title={rosterProblem} style={{ marginTop: 12 }} />}
        {roster && (
          <div style={{ marginTop: 12 }} data-testid="roster-check">
            <Alert
              type={bad.length ? 'error' : 'success'}
              showIcon
              title={
                bad.length
                  ? t('plans.rosterRows', { rows: roster.rows.length, bad: bad.length })
                  : t('plans.rosterOk', { rows: roster.rows.length })
              }
            />
            {bad.length > 0 && (
              <Table
                rowKey="line"
                size="small"
                pagination={{ pageSize: 10 }}
                dataSource={bad}
                columns={[
                  { title: t('plans.line'), dataIndex: 'line', width: 80 },
                  { title: t('fields.name'), render: (_: unknown, row: CheckedRow) => row.values.name },
                  {
                    title: t('plans.problems'),
                    render: (_: unknown, row: CheckedRow) => row.errors.map(explain).join('; '),
                  },
                ]}
              />
            )}
          </div>
        )}
        <div style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" disabled={!roster || bad.length > 0}>
            {t('plans.publish')}
          </Button>
          {roster && bad.length > 0 && (
            <Typography.Text type="danger" style={{ marginLeft: 12 }}>
              {t('plans.fixRoster')}
            </Typography.Text>
          )}
        </div>
        {published && (
          <Alert type="success" showIcon title={t('plans.published', { id: published })} style={{ marginTop: 16 }} />
        )}
      </Form>
    </Card>
  );
}
