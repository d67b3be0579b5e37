import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatTime, localOffsetMinutes, uuidV4 } from '../../../shared/ledger/ids';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { draft } from '../../../shared/domain/events';

interface Values {
  name: string;
  spec?: string;
  room?: string;
  startsAt: Dayjs;
  plannedCandidates: number;
}

/** Create a session, or edit one that has not closed. */
export function SessionForm({
  session,
  open,
  onClose,
}: {
  session?: SessionState;
  open: boolean;
  onClose(created?: string): void;
}) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [form] = Form.useForm<Values>();
  const specs = Object.values(site?.specs ?? {});

  async function submit(values: Values) {
    const ms = values.startsAt.valueOf();
    const common = {
      name: values.name.trim(),
      room: values.room?.trim() ?? '',
      startsAt: formatTime(ms, localOffsetMinutes(ms)),
      plannedCandidates: values.plannedCandidates,
    };
    if (session) {
      if (await command(draft('session.updated', user.person, { session: session.id, ...common }), t('common.saved')))
        onClose();
      return;
    }
    const [code, version] = (values.spec ?? '').split('@') as [string, string];
    const id = uuidV4();
    if (
      await command(
        draft('session.created', user.person, { session: id, spec: code, specVersion: version, ...common }),
        t('common.saved'),
      )
    )
      onClose(id);
  }

  return (
    <Modal
      title={session ? t('sessions.editTitle') : t('sessions.create')}
      open={open}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'session-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          session
            ? {
                name: session.name,
                room: session.room,
                startsAt: dayjs(session.startsAt),
                plannedCandidates: session.plannedCandidates,
              }
            : {
                spec: specs[0] ? `${specs[0].code}@${specs[0].version}` : undefined,
                startsAt: dayjs().add(1, 'day').hour(9).minute(0).second(0).millisecond(0),
                plannedCandidates: 30,
              }
        }
      >
        <Form.Item
          name="name"
          label={t('sessions.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input data-testid="session-name" maxLength={200} />
        </Form.Item>
        {!session && (
          <Form.Item
            name="spec"
            label={t('sessions.spec')}
            rules={[{ required: true, message: t('sessions.needSpec') }]}
          >
            <Select
              data-testid="session-spec"
              options={specs.map((s) => ({
                value: `${s.code}@${s.version}`,
                label: `${s.name}（${s.code} · ${s.version}）`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="room" label={t('sessions.room')}>
          <Input data-testid="session-room" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="startsAt"
          label={t('sessions.startsAt')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="plannedCandidates"
          label={t('sessions.planned')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber data-testid="session-planned" min={0} max={100000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
