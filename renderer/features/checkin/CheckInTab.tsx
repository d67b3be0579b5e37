import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  Space,
  Table,
  Tag,
  Typography,
  type InputRef,
} from 'antd';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkInStates, type EventBody, type identityChecks } from '../../../shared/domain/events';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { storeAttachment } from '../../db/attachments';
import { useAppStore } from '../../store';
import { matchingCandidates, sessionCandidates, sessionCounts } from '../sessions/selectors';
import { candidateIdentityColumns } from '../roster/candidateColumns';
import { Camera } from './Camera';
import { draft } from '../../../shared/domain/events';
import { PinConfirm } from '../auth/PinConfirm';
import { formatClock } from '../../i18n';
import { lateAfterMinutes, lateFrom } from '../../../shared/domain/rules';

type Candidate = EventBody<'candidate.registered'>;
type CheckInState = (typeof checkInStates)[number];
type IdentityCheck = (typeof identityChecks)[number];
const stateColors: Record<CheckInState, string> = {
  present: 'green',
  absent: 'default',
  late_refused: 'orange',
  substituted: 'red',
};

/** Check-in at the door: find by ticket or ID number (typed or scanned), check the ID, mark the state. */
export function CheckInTab({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const search = useRef<InputRef>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Candidate>();
  const [notFound, setNotFound] = useState<string>();
  const [typedId, setTypedId] = useState('');
  const [pledge, setPledge] = useState(false);
  const [photo, setPhoto] = useState<{ hash: string; url: string }>();
  const [camera, setCamera] = useState(false);
  const [identityReason, setIdentityReason] = useState('');
  const [changeReason, setChangeReason] = useState('');
  const [lateReason, setLateReason] = useState('');
  const [agreement, setAgreement] = useState(false);
  // When the card was opened: lateness is judged against the session's start at that moment.
  const [foundAt, setFoundAt] = useState(0);
  const [confirmingAdmission, setConfirmingAdmission] = useState(false);
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim().toUpperCase());

  const candidates = useMemo(() => sessionCandidates(site, session.id), [site, session.id]);
  const counts = sessionCounts(site, session.id);
  const checkIns = site?.checkIns ?? {};
  const listed = useMemo(() => matchingCandidates(candidates, deferredFilter), [candidates, deferredFilter]);

  if (session.status !== 'open') return <Alert type="info" showIcon title={t('checkin.sessionNotOpen')} />;

  function find() {
    const q = query.trim().toUpperCase();
    if (!q) return;
    const match = candidates.find((c) => c.ticket === q || c.idNumber === q);
    setFound(match);
    setNotFound(match ? undefined : q);
    setTypedId(match && match.idNumber === q ? q : '');
    setPledge(false);
    setPhoto(undefined);
    setCamera(false);
    setIdentityReason('');
    setChangeReason('');
    setLateReason('');
    setAgreement(match?.agencyAgreement ?? false);
    setFoundAt(Date.now());
  }

  async function mark(state: CheckInState) {
    if (!found) return;
    const marked = found.candidate;
    const searched = query;
    // How identity was checked goes with every admission or impersonation (and with any other
    // state when a number was typed); the manager's reason goes with an unconfirmed identity.
    const recordIdentity = state === 'present' || state === 'substituted' || identity !== 'not_checked';
    const body = {
      session: session.id,
      candidate: marked,
      state,
      pledge: state === 'present' ? pledge : false,
      ...(photo ? { photo: photo.hash } : {}),
      ...(recordIdentity ? { identity } : {}),
      ...(recordIdentity && identity !== 'id_matched' && identityReason.trim()
        ? { identityReason: identityReason.trim() }
        : {}),
      ...(current && current.state !== state ? { changeReason: changeReason.trim() } : {}),
      ...(state === 'present' && late ? { lateReason: lateReason.trim() } : {}),
      // The 代领协议 as it stands at the door, for those the subsidy roster may list.
      ...(state === 'present' && found.priorityGroups.length ? { agencyAgreement: agreement } : {}),
    };
    if (
      await command(
        draft('candidate.checked_in', user.person, body),
        t('checkin.markedAs', { name: found.name, state: t(`checkin.states.${state}`) }),
      )
    ) {
      // The next ticket may already be scanned while this was saving: clear only what was ours.
      setFound((current) => (current?.candidate === marked ? undefined : current));
      setQuery((current) => (current === searched ? '' : current));
      setPhoto(undefined);
      setIdentityReason('');
      setChangeReason('');
      setLateReason('');
      search.current?.focus();
    }
  }

  async function capture(bytes: Uint8Array, mimeType: string) {
    const hash = await storeAttachment(bytes, mimeType);
    setPhoto({ hash, url: URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType })) });
    setCamera(false);
  }

  const identity: IdentityCheck = !typedId.trim()
    ? 'not_checked'
    : typedId.trim().toUpperCase() === found?.idNumber
      ? 'id_matched'
      : 'id_mismatched';
  const admitNeedsDecision = identity !== 'id_matched';
  const lateAt = lateFrom(session);
  const late = lateAt !== undefined && foundAt > lateAt;
  const startClock = session.startsAt.slice(11, 16);
  const admitBlocked = !pledge
    ? t('checkin.pledgeRequired')
    : late && !lateReason.trim()
      ? t('checkin.lateReasonRequired')
      : undefined;
  const current = found ? checkIns[`${session.id}/${found.candidate}`] : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Input.Search
        ref={search}
        size="large"
        autoFocus
        enterButton={t('common.search')}
        placeholder={t('checkin.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onSearch={find}
        data-testid="checkin-search"
      />
      {notFound && (
        <Alert
          type="error"
          showIcon
          title={t('checkin.notFound', { query: notFound })}
          data-testid="checkin-not-found"
        />
      )}
      {found && (
        <Card data-testid="checkin-card">
          <Space align="start" size="large" wrap>
            <Descriptions column={1} size="small" bordered style={{ minWidth: 420 }}>
              <Descriptions.Item label={t('roster.name')}>
                <Typography.Text strong style={{ fontSize: 20 }}>
                  {found.name}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('roster.ticket')}>{found.ticket}</Descriptions.Item>
              <Descriptions.Item label={t('roster.idNumber')}>
                <span data-testid="checkin-roster-id">{found.idNumber}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('roster.sex')}>{t(`roster.sexes.${found.sex}`)}</Descriptions.Item>
              <Descriptions.Item label={t('roster.trainingUnit')}>{found.trainingUnit}</Descriptions.Item>
              {current && (
                <Descriptions.Item label={t('sessions.status')}>
                  <Tag color={stateColors[current.state]}>{t(`checkin.states.${current.state}`)}</Tag>{' '}
                  {formatClock(current.at)}
                  {current.earlier?.map((e) => (
                    <div key={e.event}>
                      <Typography.Text type="secondary">
                        {t('checkin.earlierState', { state: t(`checkin.states.${e.state}`), time: formatClock(e.at) })}
                      </Typography.Text>
                    </div>
                  ))}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Space orientation="vertical" style={{ minWidth: 340 }}>
              <Typography.Text>{t('checkin.idCheck')}</Typography.Text>
              <Input
                value={typedId}
                onChange={(e) => setTypedId(e.target.value)}
                maxLength={18}
                aria-label={t('checkin.idCheck')}
                data-testid="checkin-id"
              />
              {identity === 'id_matched' && <Alert type="success" showIcon title={t('checkin.idMatches')} />}
              {identity === 'id_mismatched' && (
                <Alert type="error" showIcon title={t('checkin.idDiffers')} data-testid="checkin-id-differs" />
              )}
              {identity === 'not_checked' && (
                <Alert type="warning" showIcon title={t('checkin.idNotChecked')} data-testid="checkin-id-unchecked" />
              )}
              {admitNeedsDecision && (
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  value={identityReason}
                  onChange={(e) => setIdentityReason(e.target.value)}
                  placeholder={t('checkin.identityReasonPlaceholder')}
                  aria-label={t('checkin.identityReason')}
                  data-testid="checkin-identity-reason"
                />
              )}
              {late && (
                <>
                  <Alert
                    type="warning"
                    showIcon
                    title={t('checkin.lateWarning', { start: startClock, minutes: lateAfterMinutes })}
                    data-testid="checkin-late-warning"
                  />
                  <Input.TextArea
                    rows={2}
                    maxLength={500}
                    value={lateReason}
                    onChange={(e) => setLateReason(e.target.value)}
                    placeholder={t('checkin.lateReasonPlaceholder')}
                    aria-label={t('checkin.lateReason')}
                    data-testid="checkin-late-reason"
                  />
                </>
              )}
              {current && (
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  value={changeReason}
                  onChange={(e) => setChangeReason(e.target.value)}
                  placeholder={t('checkin.changeReasonPlaceholder', { state: t(`checkin.states.${current.state}`) })}
                  aria-label={t('checkin.changeReason')}
                  data-testid="checkin-change-reason"
                />
              )}
              <Checkbox checked={pledge} onChange={(e) => setPledge(e.target.checked)} data-testid="checkin-pledge">
                {t('checkin.pledge')}
              </Checkbox>
              {found.priorityGroups.length > 0 && (
                <Checkbox
                  checked={agreement}
                  onChange={(e) => setAgreement(e.target.checked)}
                  data-testid="checkin-agreement"
                >
                  {t('checkin.agreement')}
                </Checkbox>
              )}
              {photo ? (
                <Space>
                  <img src={photo.url} alt="" style={{ width: 160, borderRadius: 6 }} data-testid="checkin-photo" />
                  <Button onClick={() => setCamera(true)}>{t('checkin.retakePhoto')}</Button>
                </Space>
              ) : camera ? (
                <Camera onCapture={capture} />
              ) : (
                <Button onClick={() => setCamera(true)} data-testid="open-camera">
                  {t('checkin.photo')}
                </Button>
              )}
              <Space wrap>
                {admitNeedsDecision ? (
                  <Button
                    size="large"
                    disabled={admitBlocked !== undefined || !identityReason.trim()}
                    onClick={() => setConfirmingAdmission(true)}
                    data-testid="mark-present"
                    title={admitBlocked ?? t('checkin.identityReasonRequired')}
                  >
                    {t('checkin.admitAnyway')}
                  </Button>
                ) : (
                  <Button
                    type={late ? 'default' : 'primary'}
                    size="large"
                    disabled={admitBlocked !== undefined}
                    onClick={() => mark('present')}
                    data-testid="mark-present"
                    title={admitBlocked}
                  >
                    {t('checkin.states.present')}
                  </Button>
                )}
                <Button size="large" onClick={() => mark('absent')} data-testid="mark-absent">
                  {t('checkin.states.absent')}
                </Button>
                <Button
                  size="large"
                  type={late ? 'primary' : 'default'}
                  // 迟到不得入场 is judged against the start: not before 15 minutes have passed.
                  disabled={!late}
                  onClick={() => mark('late_refused')}
                  data-testid="mark-late"
                  title={
                    late
                      ? t('checkin.stateHelp.late_refused')
                      : t('checkin.notLateYet', { start: startClock, minutes: lateAfterMinutes })
                  }
                >
                  {t('checkin.states.late_refused')}
                </Button>
                <Button
                  size="large"
                  danger
                  type={identity === 'id_mismatched' ? 'primary' : 'default'}
                  onClick={() => mark('substituted')}
                  data-testid="mark-substituted"
                  title={t('checkin.stateHelp.substituted')}
                >
                  {t('checkin.states.substituted')}
                </Button>
              </Space>
            </Space>
          </Space>
          <PinConfirm
            open={confirmingAdmission}
            title={t('checkin.admitAnywayTitle', { name: found.name })}
            hint={t('checkin.admitAnywayHint', {
              check: t(`checkin.identity.${identity}`),
              reason: identityReason.trim(),
            })}
            people={[{ person: user.person, name: user.name }]}
            okText={t('checkin.admitAnyway')}
            onCancel={() => setConfirmingAdmission(false)}
            onConfirmed={async () => {
              setConfirmingAdmission(false);
              await mark('present');
            }}
          />
        </Card>
      )}
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('checkin.list')}
        </Typography.Title>
        <Typography.Text data-testid="checkin-counts">{t('checkin.counts', counts)}</Typography.Text>
        <Input.Search
          allowClear
          placeholder={t('roster.searchPlaceholder')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 300 }}
        />
      </Space>
      {candidates.length === 0 ? (
        <Empty description={t('roster.empty')} />
      ) : (
        <Table<Candidate>
          size="small"
          rowKey="candidate"
          virtual
          scroll={{ y: 420 }}
          pagination={false}
          dataSource={listed}
          data-testid="checkin-list"
          columns={[
            ...candidateIdentityColumns<Candidate>(t),
            {
              title: t('sessions.status'),
              key: 'state',
              width: 120,
              render: (_, c) => {
                const entry = checkIns[`${session.id}/${c.candidate}`];
                return entry ? (
                  <Tag color={stateColors[entry.state]}>{t(`checkin.states.${entry.state}`)}</Tag>
                ) : (
                  <Tag>{t('checkin.notYet')}</Tag>
                );
              },
            },
            {
              title: t('checkin.identityColumn'),
              key: 'identity',
              width: 110,
              render: (_, c) => {
                const entry = checkIns[`${session.id}/${c.candidate}`];
                if (!entry?.identity) return '';
                const tag = (
                  <Tag color={entry.identity === 'id_matched' ? 'default' : 'orange'}>
                    {t(`checkin.identity.${entry.identity}`)}
                  </Tag>
                );
                return entry.identityReason ? <span title={entry.identityReason}>{tag}</span> : tag;
              },
            },
            {
              title: t('checkin.time'),
              key: 'time',
              width: 100,
              render: (_, c) =>
                checkIns[`${session.id}/${c.candidate}`]
                  ? formatClock(checkIns[`${session.id}/${c.candidate}`]!.at)
                  : '',
            },
          ]}
        />
      )}
    </Space>
  );
}
