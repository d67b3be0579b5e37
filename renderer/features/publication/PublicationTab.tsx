/**
 * 公示与复核 — after a session is closed: publish the results for a period (a printed list with
 * ID numbers masked and no phone numbers), then record each review request within the window,
 * the group leader's decision (with the leader's PIN) and the supervisor's countersignature.
 */
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draft } from '../../../shared/domain/events';
import { groupLeaderOf } from '../../../shared/domain/groups';
import { exportFileName, tableXlsx } from '../../../shared/domain/exports';
import {
  publicationPeriod,
  publicationTable,
  reviewDeadline,
  reviewWindow,
  siteDay,
} from '../../../shared/domain/publication';
import { recordTitles } from '../../../shared/domain/records';
import { candidateResult, formatPoints, specOfSession } from '../../../shared/domain/scoring';
import { localOffsetMinutes } from '../../../shared/ledger/ids';
import type { ReviewState, SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { PinConfirm } from '../auth/PinConfirm';
import { deliverPdf, sessionRecordPdf, type PdfDelivery } from '../print/printRecord';
import { useRecordAction } from '../print/useRecordAction';

export function PublicationTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const publication = site.publications[session.id];
  if (session.status !== 'closed') return <Alert type="info" showIcon title={t('publication.closeFirst')} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {publication ? <Published session={session} /> : <PublishForm session={session} />}
      {publication && <Reviews session={session} />}
    </Space>
  );
}

function PublishForm({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [form] = Form.useForm<{ from: dayjs.Dayjs; workingDays: number; reviewDays: number }>();
  const manager = user.role === 'manager';
  return (
    <Card size="small" title={t('publication.title')} data-testid="publish-form">
      <Typography.Paragraph type="secondary">{t('publication.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        disabled={!manager}
        initialValues={{ from: dayjs().add(1, 'day'), workingDays: 5, reviewDays: 10 }}
        onFinish={(values) =>
          command(
            draft('results.published', user.person, {
              session: session.id,
              from: values.from.format('YYYY-MM-DD'),
              workingDays: values.workingDays,
              reviewDays: values.reviewDays,
            }),
            t('publication.published'),
          )
        }
      >
        <Form.Item name="from" label={t('publication.from')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} data-testid="publication-from" />
        </Form.Item>
        <Form.Item name="workingDays" label={t('publication.workingDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} data-testid="publication-days" />
        </Form.Item>
        <Form.Item name="reviewDays" label={t('publication.reviewDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={60} data-testid="publication-review-days" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="publish-results">
            {t('publication.publish')}
          </Button>
        </Form.Item>
      </Form>
      {!manager && <Typography.Text type="secondary">{t('publication.managerOnly')}</Typography.Text>}
    </Card>
  );
}

function Published({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const profile = useAppStore((s) => s.settings.siteProfile)!;
  const publication = site.publications[session.id]!;
  const { busy, failure, run } = useRecordAction();
  const { from, to } = publicationPeriod(publication);
  const title = `${recordTitles.publication}-${session.name}`.replace(/[/\\:*?"<>|]/g, '_');

  const pdf = (how: PdfDelivery) =>
    run(
      how,
      async () => deliverPdf(await sessionRecordPdf(site, profile, 'publication', session.id), title, how),
      how === 'print' ? t('records.sentToPrint') : t('records.savedPdf'),
    );
  const excel = () => {
    const table = publicationTable(site, session.id);
    const now = Date.now();
    return run(
      'xlsx',
      async () =>
        (
          await platform().saveFile({
            suggestedName: exportFileName(`${table.name}-${session.name}`, 'xlsx', now, localOffsetMinutes(now)),
            mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            bytes: (await tableXlsx([table])) as Uint8Array<ArrayBuffer>,
          })
        ).saved,
      t('records.exported', { name: table.name, rows: table.rows.length }),
    );
  };

  return (
    <Card size="small" title={t('publication.title')} data-testid="publication">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {failure && <Alert type="error" showIcon title={failure} />}
        <Typography.Text data-testid="publication-period">
          {t('publication.period', {
            from,
            to,
            days: publication.workingDays,
            deadline: reviewDeadline(publication),
          })}
        </Typography.Text>
        <Space wrap>
          <Button loading={busy === 'print'} onClick={() => void pdf('print')} data-testid="print-publication">
            {t('publication.print')}
          </Button>
          <Button loading={busy === 'save'} onClick={() => void pdf('save')} data-testid="save-publication">
            {t('records.savePdf')}
          </Button>
          <Button loading={busy === 'xlsx'} onClick={() => void excel()} data-testid="export-publication">
            {t('publication.exportXlsx')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

interface DecisionValues {
  outcome: 'unchanged' | 'changed';
  items?: { item: string; points: number }[];
  reason: string;
}

function Reviews({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [requesting, setRequesting] = useState(false);
  const [deciding, setDeciding] = useState<ReviewState>();
  const [decision, setDecision] = useState<DecisionValues>();
  const [countersigning, setCountersigning] = useState<ReviewState>();
  const [requestForm] = Form.useForm<{ candidate: string; requestedBy: string; about: string }>();
  const [decisionForm] = Form.useForm<DecisionValues>();
  // The day the tab was opened, as the rules judge it (China time).
  const [today] = useState(() => siteDay(Date.now()));
  const window = reviewWindow(site, session.id, today);
  const publication = site.publications[session.id]!;
  const spec = specOfSession(site, session.id)!;
  const items = spec.tasks.flatMap((task) => task.items.map((item) => ({ ...item, task: task.name })));
  const reviews = Object.values(site.reviews)
    .filter((r) => r.session === session.id)
    .sort((a, b) => a.at.localeCompare(b.at));
  const candidates = Object.values(site.candidates)
    .filter((c) => c.session === session.id)
    .sort((a, b) => a.ticket.localeCompare(b.ticket));
  const supervisors = Object.values(site.assignments)
    .filter((a) => a.session === session.id && a.role === 'supervisor')
    .map((a) => ({ person: a.person, name: site.people[a.person]?.name ?? '' }));
  const leaderOf = (review: ReviewState) => {
    const person = groupLeaderOf(site, session.id, review.candidate);
    return person ? [{ person, name: site.people[person]?.name ?? '' }] : [];
  };

  const status = (r: ReviewState) => {
    if (!r.decision) return <Tag color="processing">{t('publication.awaitingDecision')}</Tag>;
    if (!r.countersignedBy) return <Tag color="orange">{t('publication.awaitingCountersign')}</Tag>;
    if (r.decision.outcome === 'unchanged') return <Tag>{t('publication.unchanged')}</Tag>;
    const final = candidateResult(site, session.id, r.candidate).final;
    return (
      <Tag color="green">{t('publication.changedTo', { final: final === undefined ? '' : formatPoints(final) })}</Tag>
    );
  };

  return (
    <Card
      size="small"
      title={t('publication.reviews')}
      data-testid="reviews"
      extra={
        <Button
          onClick={() => setRequesting(true)}
          disabled={user.role !== 'manager' || window !== 'open'}
          data-testid="record-review"
        >
          {t('publication.recordRequest')}
        </Button>
      }
    >
      {window !== 'open' && (
        <Alert
          type={window === 'closed' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 8 }}
          title={
            window === 'closed'
              ? t('publication.windowClosed', { deadline: reviewDeadline(publication) })
              : t('publication.windowNotYet', { from: publication.from })
          }
          data-testid="review-window"
        />
      )}
      <Table<ReviewState>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={reviews}
        locale={{ emptyText: t('publication.noReviews') }}
        data-testid="reviews-table"
        columns={[
          {
            title: t('publication.candidate'),
            key: 'candidate',
            render: (_, r) =>
              `${site.candidates[r.candidate]?.ticket ?? ''} ${site.candidates[r.candidate]?.name ?? ''}`,
          },
          { title: t('publication.requestedBy'), dataIndex: 'requestedBy', width: 100 },
          { title: t('publication.about'), dataIndex: 'about' },
          {
            title: t('publication.decision'),
            key: 'decision',
            render: (_, r) => (
              <Space orientation="vertical" size={2}>
                {status(r)}
                {r.decision && <Typography.Text type="secondary">{r.decision.reason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_, r) =>
              !r.decision ? (
                <Button
                  size="small"
                  disabled={window !== 'open'}
                  onClick={() => {
                    decisionForm.resetFields();
                    setDeciding(r);
                  }}
                  data-testid="decide-review"
                >
                  {t('publication.decide')}
                </Button>
              ) : !r.countersignedBy ? (
                <Button
                  size="small"
                  disabled={window !== 'open'}
                  onClick={() => setCountersigning(r)}
                  data-testid="countersign-review"
                >
                  {t('publication.countersign')}
                </Button>
              ) : null,
          },
        ]}
      />

      <Modal
        open={requesting}
        title={t('publication.recordRequest')}
        okText={t('publication.recordRequest')}
        onCancel={() => setRequesting(false)}
        onOk={() => requestForm.submit()}
        okButtonProps={{ 'data-testid': 'save-review-request' }}
        destroyOnHidden
      >
        <Form
          form={requestForm}
          layout="vertical"
          initialValues={{ requestedBy: t('publication.candidateThemself') }}
          onFinish={async (values) => {
            if (
              await command(
                draft('review.requested', user.person, { session: session.id, ...values }),
                t('publication.requestRecorded'),
              )
            ) {
              setRequesting(false);
              requestForm.resetFields();
            }
          }}
        >
          <Form.Item name="candidate" label={t('publication.candidate')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="review-candidate"
              options={candidates.map((c) => ({ value: c.candidate, label: `${c.ticket} ${c.name}` }))}
            />
          </Form.Item>
          <Form.Item name="requestedBy" label={t('publication.requestedBy')} rules={[{ required: true }]}>
            <Input maxLength={100} data-testid="review-requested-by" />
          </Form.Item>
          <Form.Item name="about" label={t('publication.about')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="review-about" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={deciding !== undefined && decision === undefined}
        title={t('publication.decide')}
        okText={t('publication.confirmWithLeaderPin')}
        onCancel={() => setDeciding(undefined)}
        onOk={() => decisionForm.submit()}
        okButtonProps={{ 'data-testid': 'review-decision-next' }}
      >
        {deciding && (
          <Typography.Paragraph>
            {site.candidates[deciding.candidate]?.name}：{deciding.about}
          </Typography.Paragraph>
        )}
        <Form
          form={decisionForm}
          layout="vertical"
          initialValues={{ outcome: 'unchanged', items: [] }}
          onFinish={(values) => setDecision(values)}
        >
          <Form.Item name="outcome" label={t('publication.outcome')}>
            <Radio.Group data-testid="review-outcome">
              <Radio value="unchanged">{t('publication.unchanged')}</Radio>
              <Radio value="changed">{t('publication.changed')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.outcome !== b.outcome}>
            {() =>
              decisionForm.getFieldValue('outcome') === 'changed' && (
                <Form.List name="items" rules={[{ validator: atLeastOne(t('publication.itemsRequired')) }]}>
                  {(fields, { add, remove }, { errors }) => (
                    <>
                      {fields.map((field) => (
                        <Space key={field.key} align="baseline">
                          <Form.Item name={[field.name, 'item']} rules={[{ required: true }]}>
                            <Select
                              style={{ width: 260 }}
                              aria-label={t('publication.item')}
                              data-testid="review-item"
                              options={items.map((i) => ({
                                value: i.id,
                                label: `${i.id} ${i.content}（${i.maxPoints}）`,
                              }))}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'points']} rules={[{ required: true }]}>
                            <InputNumber
                              min={0}
                              step={0.5}
                              aria-label={t('publication.points')}
                              data-testid="review-points"
                            />
                          </Form.Item>
                          <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
                        </Space>
                      ))}
                      <Button onClick={() => add()} data-testid="review-add-item">
                        {t('publication.addItem')}
                      </Button>
                      <Form.ErrorList errors={errors} />
                    </>
                  )}
                </Form.List>
              )
            }
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('publication.reason')}
            rules={[{ required: true, whitespace: true }]}
            style={{ marginTop: 12 }}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="review-reason" />
          </Form.Item>
        </Form>
      </Modal>

      {/* Mounted only with its leader: the PIN form takes its person when it mounts. */}
      {deciding && decision && (
        <PinConfirm
          open
          title={t('publication.leaderConfirms')}
          hint={t(`publication.${decision.outcome}`)}
          people={leaderOf(deciding)}
          personLabel={t('scoring.leader')}
          onCancel={() => setDecision(undefined)}
          onConfirmed={async (leader) => {
            if (!deciding || !decision) return;
            const corrected = Object.fromEntries((decision.items ?? []).map((i) => [i.item, i.points]));
            const written = await command(
              draft('review.decided', leader, {
                request: deciding.id,
                outcome: decision.outcome,
                items: decision.outcome === 'changed' ? corrected : {},
                reason: decision.reason,
              }),
              t('publication.decided'),
            );
            setDecision(undefined);
            if (written) setDeciding(undefined);
          }}
        />
      )}
      <PinConfirm
        open={countersigning !== undefined}
        title={t('publication.countersign')}
        hint={countersigning?.decision?.reason}
        people={supervisors}
        personLabel={t('results.supervisor')}
        onCancel={() => setCountersigning(undefined)}
        onConfirmed={async (supervisor) => {
          if (!countersigning) return;
          if (
            await command(
              draft('review.countersigned', supervisor, { request: countersigning.id }),
              t('publication.countersigned'),
            )
          )
            setCountersigning(undefined);
        }}
      />
    </Card>
  );
}

/** A Form.List rule: at least one row. */
const atLeastOne = (message: string) => async (_: unknown, rows?: unknown[]) => {
  if (!rows?.length) throw new Error(message);
};
