import { Alert, Form, List, Modal, Select, Typography } from 'antd';
import { useState, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { completeness } from '../../../shared/domain/scoring';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { checkPin } from '../../db/credentials';
import { useAppStore } from '../../store';
import { PinInput } from '../auth/PinInput';
import { pinRefusal } from '../auth/pinMessage';
import { draft } from '../../../shared/domain/events';

interface Values {
  managerPin: string;
  supervisor: string;
  supervisorPin: string;
}

/** Closing: the completeness check lists what is missing; then manager and supervisor countersign with their PINs. */
export function CloseSessionModal({
  session,
  open,
  onClose,
}: {
  session: SessionState;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  // Only while the dialog is open: it is mounted with the session's page, which re-renders on every change.
  const missing = useMemo(() => (open ? completeness(site, session.id) : []), [open, site, session.id]);
  const supervisors = Object.values(site.assignments).filter(
    (a) => a.session === session.id && a.role === 'supervisor',
  );

  async function submit(values: Values) {
    setProblem(undefined);
    for (const [person, pin] of [
      [user.person, values.managerPin],
      [values.supervisor, values.supervisorPin],
    ] as const) {
      const result = await checkPin(person, pin);
      if (result.result !== 'ok') {
        setProblem(`${site.people[person]?.name}：${pinRefusal(result, t)}`);
        return;
      }
    }
    const ok = await command(
      [
        draft('session.countersigned', user.person, { session: session.id, role: 'manager' }),
        draft('session.countersigned', values.supervisor, { session: session.id, role: 'supervisor' }),
        draft('session.closed', user.person, { session: session.id }),
      ],
      t('sessions.closed'),
    );
    if (ok) {
      form.resetFields();
      onClose();
    }
  }

  return (
    <Modal
      open={open}
      title={t('results.closeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('results.countersignAndClose')}
      okButtonProps={{ disabled: missing.length > 0, danger: true, 'data-testid': 'countersign-close' }}
      cancelText={t('common.cancel')}
      width={640}
      destroyOnHidden
    >
      {missing.length > 0 ? (
        <Alert
          type="error"
          showIcon
          data-testid="completeness-problems"
          title={t('results.missing')}
          description={
            <List
              size="small"
              dataSource={missing}
              renderItem={(m) => <List.Item>{t(`results.completenessItems.${m.code}`, m.params)}</List.Item>}
            />
          }
        />
      ) : (
        <>
          <Alert type="success" showIcon title={t('results.complete')} style={{ marginBottom: 16 }} />
          {problem && (
            <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="close-problem" />
          )}
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ supervisor: supervisors[0]?.person }}>
            <Form.Item
              name="managerPin"
              label={`${user.name} · ${t('results.managerPin')}`}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <PinInput data-testid="close-manager-pin" />
            </Form.Item>
            <Form.Item
              name="supervisor"
              label={t('results.supervisor')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={supervisors.map((a) => ({ value: a.person, label: site.people[a.person]?.name }))} />
            </Form.Item>
            <Form.Item
              name="supervisorPin"
              label={t('results.supervisorPin')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <PinInput data-testid="close-supervisor-pin" />
            </Form.Item>
          </Form>
        </>
      )}
      <Typography.Text type="secondary">{t('sessions.closeConfirm')}</Typography.Text>
    </Modal>
  );
}
