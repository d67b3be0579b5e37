import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventBody, Specification } from '../../../shared/domain/events';
import {
  checkItemValue,
  formatPoints,
  othersVisible,
  sheetTotal,
  taskSubtotals,
  toHundredths,
  type ItemPoints,
} from '../../../shared/domain/scoring';
import type { SessionState } from '../../../shared/state/project';
import { groupLeaderOf } from '../../../shared/domain/groups';
import { useCommand } from '../../app/useCommand';
import { discardDraft, loadDraft, saveDraft } from '../../db/drafts';
import { useAppStore, type SignedInUser } from '../../store';
import { PinConfirm } from '../auth/PinConfirm';
import { specRows, taskCell, type SpecRow } from '../specs/specRows';
import { draft } from '../../../shared/domain/events';
import { formatClock, formatDateTime } from '../../i18n';

type Candidate = EventBody<'candidate.registered'>;

/** Parses what was typed; undefined for empty or not a number. */
function parse(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** The examiner's score sheet: keyboard-first, saved durably as it is typed, submitted with a PIN. */
export function ScoreSheet({
  session,
  candidate,
  spec,
  user,
  onDraftSaved,
  onSubmitted,
  disputedItems,
  focusRequest,
}: {
  session: SessionState;
  candidate: Candidate;
  spec: Specification;
  user: SignedInUser;
  onDraftSaved?: () => void;
  onSubmitted?: () => void;
  /** Changes each time the candidate is picked: the first empty box takes the focus again. */
  focusRequest?: number;
  /** Items of this candidate waiting for the leader's arbitration (highlighted for the leader). */
  disputedItems?: Set<string>;
}) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const sheetId = site?.sheetIndex[`${session.id}/${candidate.candidate}/${user.person}`];
  const sheet = sheetId ? site?.sheets[sheetId] : undefined;
  return (
    <Card
      title={t('scoring.sheetTitle', { name: candidate.name, ticket: candidate.ticket })}
      data-testid="score-sheet"
      extra={sheet && <Tag color="green">{t('scoring.readOnly')}</Tag>}
    >
      {sheet ? (
        <SubmittedSheet
          session={session}
          candidate={candidate}
          spec={spec}
          user={user}
          sheetId={sheet.id}
          disputedItems={disputedItems}
        />
      ) : (
        <DraftSheet
          key={candidate.candidate}
          session={session}
          candidate={candidate}
          spec={spec}
          user={user}
          onSaved={onDraftSaved}
          onSubmitted={onSubmitted}
          focusRequest={focusRequest}
        />
      )}
    </Card>
  );
}

function DraftSheet({
  session,
  candidate,
  spec,
  user,
  onSaved,
  onSubmitted,
  focusRequest,
}: {
  session: SessionState;
  candidate: Candidate;
  spec: Specification;
  user: SignedInUser;
  onSaved?: () => void;
  onSubmitted?: () => void;
  focusRequest?: number;
}) {
  const { t } = useTranslation();
  const command = useCommand();
  const rows = useMemo(() => specRows(spec), [spec]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [loaded, setLoaded] = useState(false);
  const [savedAt, setSavedAt] = useState<number>();
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const inputs = useRef<(InputRef | null)[]>([]);
  const writes = useRef(Promise.resolve());
  // "Saved" is shown only when no write is still on its way: the count of writes not yet committed.
  const pending = useRef(0);

  useEffect(() => {
    let live = true;
    void loadDraft(session.id, candidate.candidate, user.person).then((draft) => {
      if (!live) return;
      setValues(draft?.values ?? {});
      setSavedAt(draft?.updatedAt);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [session.id, candidate.candidate, user.person]);
  // The first empty box has focus as soon as the sheet shows and whenever the candidate is picked
  // again: picking a candidate and typing "4" scores (the inputs exist only once `loaded` rendered them).
  const focusFirstEmpty = useEffectEvent(() => {
    const firstEmpty = rows.findIndex((row) => !values[row.item.id]?.trim());
    inputs.current[Math.max(firstEmpty, 0)]?.focus();
  });
  useEffect(() => {
    if (loaded) focusFirstEmpty();
  }, [loaded, focusRequest]);

  function change(item: string, text: string) {
    const next = { ...values, [item]: text };
    setValues(next);
    setSaving(true);
    pending.current += 1;
    // Writes are chained so that the last keystroke is the last write.
    writes.current = writes.current
      .then(() =>
        saveDraft({ session: session.id, candidate: candidate.candidate, examiner: user.person, values: next }),
      )
      .then(() => {
        pending.current -= 1;
        if (pending.current === 0) {
          setSavedAt(Date.now());
          setSaving(false);
          onSaved?.();
        }
      });
  }

  const problems = rows.map((row) => {
    const value = parse(values[row.item.id]);
    if (values[row.item.id] !== undefined && values[row.item.id]!.trim() !== '' && value === undefined)
      return 'negative' as const;
    return value === undefined ? undefined : checkItemValue(value, row.item);
  });
  const points: ItemPoints = Object.fromEntries(
    rows.flatMap((row, i) => (problems[i] === 'ok' ? [[row.item.id, parse(values[row.item.id])!]] : [])),
  );
  const missing = rows.filter((_, i) => problems[i] === undefined).length;
  const invalid = problems.filter((p) => p !== undefined && p !== 'ok').length;
  const complete = missing === 0 && invalid === 0 && !saving;
  const subtotals = taskSubtotals(spec, points);

  async function submit(person: string) {
    const ok = await command(
      draft('score.submitted', person, {
        session: session.id,
        candidate: candidate.candidate,
        examiner: person,
        items: points,
      }),
      t('scoring.submitted', { name: candidate.name }),
    );
    if (ok) {
      // On to the next candidate at once (a click meanwhile is not undone by a late switch).
      onSubmitted?.();
      setConfirming(false);
      await writes.current;
      await discardDraft(session.id, candidate.candidate, person);
    }
  }

  if (!loaded) return null;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, width: '100%' }}>
      <Table<SpecRow>
        size="middle"
        bordered
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('specs.tasks'),
            key: 'task',
            width: 150,
            onCell: taskCell,
            render: (_, r) => (
              <>
                {`${r.task.id} ${r.task.name}`}
                <br />
                <Tag>{r.task.weight}%</Tag> {t('scoring.taskSubtotal')}{' '}
                {formatPoints(subtotals.find((s) => s.task === r.task.id)!.weighted)}
              </>
            ),
          },
          { title: t('scoring.item'), key: 'content', width: 170, render: (_, r) => r.item.content },
          {
            title: t('scoring.criteria'),
            key: 'criteria',
            // Full-contrast text: examiners read the criteria for hours (it was small grey once).
            render: (_, r) => <Typography.Text>{r.item.criteria}</Typography.Text>,
          },
          { title: t('scoring.max'), key: 'max', width: 60, render: (_, r) => r.item.maxPoints },
          {
            title: t('scoring.points'),
            key: 'points',
            width: 150,
            render: (_, r) => {
              const problem = problems[r.index];
              return (
                <Form.Item
                  validateStatus={problem && problem !== 'ok' ? 'error' : undefined}
                  help={
                    problem && problem !== 'ok'
                      ? t(`scoring.valueProblems.${problem}`, { step: r.item.step })
                      : undefined
                  }
                  style={{ margin: 0 }}
                >
                  <Input
                    ref={(el) => {
                      inputs.current[r.index] = el;
                    }}
                    size="large"
                    inputMode="decimal"
                    autoComplete="off"
                    value={values[r.item.id] ?? ''}
                    onChange={(e) => change(r.item.id, e.target.value)}
                    onPressEnter={() => {
                      const next = inputs.current[r.index + 1];
                      if (next) next.focus();
                      // Enter on the last box goes on to submitting, when the sheet is complete.
                      else if (complete) setConfirming(true);
                    }}
                    aria-label={t('scoring.pointsFor', {
                      item: `${r.item.id} ${r.item.content}`,
                      max: r.item.maxPoints,
                    })}
                    data-testid={`points-${r.item.id}`}
                    style={{ fontSize: '1.2em', minHeight: 44 }}
                  />
                </Form.Item>
              );
            },
          },
        ]}
      />
      {/* The total and the submit button stay in view at 768 px while the items scroll under them (a plain
          flex column around it: antd's Space wraps each child in a box of its own height, where sticky cannot stick). */}
      <Space
        style={{
          justifyContent: 'space-between',
          width: '100%',
          position: 'sticky',
          bottom: 0,
          zIndex: 2,
          background: '#fff',
          padding: '8px 0',
          borderTop: '1px solid #e5e7eb',
        }}
        wrap
        data-testid="sheet-footer"
      >
        <Space size="large">
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="running-total">
            {t('scoring.total')} {formatPoints(sheetTotal(spec, points))}
          </Typography.Title>
          <Typography.Text type={saving ? 'secondary' : 'success'} data-testid="draft-status">
            {saving ? t('scoring.saving') : savedAt ? `${t('scoring.saved')} ${formatClock(savedAt)}` : ''}
          </Typography.Text>
        </Space>
        <Space>
          {missing > 0 && (
            <Typography.Text type="warning">{t('scoring.incomplete', { count: missing })}</Typography.Text>
          )}
          {invalid > 0 && <Typography.Text type="danger">{t('scoring.invalid', { count: invalid })}</Typography.Text>}
          <Button
            type="primary"
            size="large"
            disabled={!complete}
            onClick={() => setConfirming(true)}
            data-testid="submit-sheet"
          >
            {t('scoring.submit')}
          </Button>
        </Space>
      </Space>
      <PinConfirm
        open={confirming}
        title={t('scoring.submitTitle')}
        hint={t('scoring.submitHint')}
        people={[{ person: user.person, name: user.name }]}
        onCancel={() => setConfirming(false)}
        onConfirmed={submit}
      />
    </div>
  );
}

function SubmittedSheet({
  session,
  candidate,
  spec,
  user,
  sheetId,
  disputedItems,
}: {
  session: SessionState;
  candidate: Candidate;
  spec: Specification;
  user: SignedInUser;
  sheetId: string;
  disputedItems?: Set<string>;
}) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const command = useCommand();
  const sheet = site.sheets[sheetId]!;
  const [amending, setAmending] = useState(false);
  const [confirmingAmend, setConfirmingAmend] = useState(false);
  const [form] = Form.useForm<{ reason: string } & Record<string, string>>();
  const rows = specRows(spec);
  // Until every examiner has submitted, nobody sees a colleague's points (independence, DESIGN.md §2).
  const showOthers = othersVisible(site, session.id, candidate.candidate);
  const others = showOthers
    ? Object.values(site.sheets).filter(
        (s) => s.session === session.id && s.candidate === candidate.candidate && s.examiner !== user.person,
      )
    : [];
  const arbitrations = new Map(
    Object.values(site.arbitrations)
      .filter((a) => a.session === session.id && a.candidate === candidate.candidate)
      .map((a) => [a.item, a]),
  );
  // The leader of this candidate's group confirms an amendment (DESIGN.md §2).
  const leader = groupLeaderOf(site, session.id, candidate.candidate);
  const leaders = leader ? [{ person: leader, name: site.people[leader]?.name ?? leader }] : [];

  async function amend(leader: string) {
    const values = form.getFieldsValue();
    const items: ItemPoints = {};
    for (const row of rows) {
      const value = parse(values[row.item.id]);
      if (value !== undefined && value !== sheet.items[row.item.id]) items[row.item.id] = value;
    }
    if (
      await command(
        draft('score.amended', user.person, {
          amends: sheet.id,
          reason: (values.reason ?? '').trim(),
          confirmedBy: leader,
          items,
        }),
        t('scoring.amended'),
      )
    ) {
      setConfirmingAmend(false);
      setAmending(false);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {!showOthers && <Typography.Text type="secondary">{t('scoring.othersHidden')}</Typography.Text>}
      <Table
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        rowKey={(r) => r.item.id}
        rowClassName={(r) => (disputedItems?.has(r.item.id) ? 'kd-disputed-row' : '')}
        columns={[
          {
            title: t('scoring.item'),
            key: 'content',
            render: (_, r) => (
              <>
                {`${r.item.id} ${r.item.content}`}{' '}
                {disputedItems?.has(r.item.id) && <Tag color="red">{t('scoring.statuses.disputed')}</Tag>}
              </>
            ),
          },
          { title: t('scoring.max'), key: 'max', width: 70, render: (_, r) => r.item.maxPoints },
          {
            title: user.name,
            key: 'mine',
            width: 90,
            render: (_, r) => <span data-testid={`mine-${r.item.id}`}>{sheet.items[r.item.id]}</span>,
          },
          ...others.map((other) => ({
            title: site.people[other.examiner]?.name ?? '',
            key: other.id,
            width: 90,
            render: (_: unknown, r: SpecRow) => other.items[r.item.id],
          })),
          ...(arbitrations.size
            ? [
                {
                  title: t('scoring.arbitratedColumn'),
                  key: 'arbitrated',
                  width: 100,
                  render: (_: unknown, r: SpecRow) => {
                    const a = arbitrations.get(r.item.id);
                    return a ? (
                      <span title={a.reason} data-testid={`arbitrated-${r.item.id}`}>
                        <Tag color="gold">{formatPoints(toHundredths(a.points))}</Tag>
                      </span>
                    ) : null;
                  },
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={4} data-testid="submitted-total">
        {t('scoring.total')} {formatPoints(sheetTotal(spec, sheet.items))}
      </Typography.Title>
      {sheet.amendments.length > 0 && (
        <Descriptions size="small" column={1} bordered title={t('scoring.amendments')}>
          {sheet.amendments.map((a) => (
            <Descriptions.Item key={a.event} label={formatDateTime(a.at)}>
              {a.reason}（{t('scoring.leader')}：{site.people[a.confirmedBy]?.name}）
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {session.status === 'open' && !amending && (
        <Button onClick={() => setAmending(true)} data-testid="amend-sheet">
          {t('scoring.amend')}
        </Button>
      )}
      {amending && (
        <Alert
          type="info"
          title={t('scoring.amendTitle')}
          description={
            <Form
              form={form}
              layout="vertical"
              initialValues={Object.fromEntries(rows.map((r) => [r.item.id, String(sheet.items[r.item.id] ?? '')]))}
            >
              <Space wrap>
                {rows.map((r) => (
                  <Form.Item
                    key={r.item.id}
                    name={r.item.id}
                    label={`${r.item.id}（≤${r.item.maxPoints}）`}
                    style={{ width: 110 }}
                  >
                    <Input inputMode="decimal" data-testid={`amend-${r.item.id}`} />
                  </Form.Item>
                ))}
              </Space>
              <Form.Item
                name="reason"
                label={t('scoring.amendReason')}
                rules={[{ required: true, whitespace: true, message: t('common.required') }]}
              >
                <Input.TextArea rows={2} maxLength={500} data-testid="amend-reason" />
              </Form.Item>
              <Space>
                <Button onClick={() => setAmending(false)}>{t('common.cancel')}</Button>
                <Button
                  type="primary"
                  onClick={() =>
                    form.validateFields().then(
                      () => setConfirmingAmend(true),
                      () => undefined,
                    )
                  }
                  data-testid="amend-confirm"
                >
                  {t('scoring.leaderPin')}
                </Button>
              </Space>
            </Form>
          }
        />
      )}
      <PinConfirm
        open={confirmingAmend}
        title={t('scoring.amendTitle')}
        people={leaders}
        personLabel={t('scoring.leader')}
        onCancel={() => setConfirmingAmend(false)}
        onConfirmed={amend}
      />
    </Space>
  );
}
