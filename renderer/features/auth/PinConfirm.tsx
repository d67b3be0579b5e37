import { Alert, Form, Modal, Select, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { checkPin } from '../../db/credentials';
import { PinInput } from './PinInput';
import { pinRefusal } from './pinMessage';

export interface PinChoice {
  person: string;
  name: string;
}

/**
 * Asks for a PIN before a signature-like act (submit, amend, countersign). With several
 * `people`, the person is chosen first. The same lockout as sign-in applies.
 */
export function PinConfirm({
  open,
  title,
  hint,
  people,
  personLabel,
  okText,
  extra,
  onCancel,
  onConfirmed,
}: {
  open: boolean;
  title: string;
  hint?: ReactNode;
  people: PinChoice[];
  personLabel?: string;
  okText?: string;
  extra?: ReactNode;
  onCancel(): void;
  onConfirmed(person: string): Promise<void> | void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ person: string; pin: string }>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit({ person, pin }: { person: string; pin: string }) {
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await checkPin(person, pin ?? '');
      if (result.result === 'ok') {
        await onConfirmed(person);
        form.resetFields();
      } else setProblem(pinRefusal(result, t));
      form.setFieldValue('pin', '');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={() => {
        setProblem(undefined);
        onCancel();
      }}
      onOk={() => form.submit()}
      okText={okText ?? t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'pin-confirm-ok' }}
      destroyOnHidden
    >
      {hint && <Typography.Paragraph>{hint}</Typography.Paragraph>}
      {problem && (
        <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="pin-confirm-problem" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ person: people.length === 1 ? people[0]!.person : undefined }}
      >
        {extra}
        {people.length > 1 && (
          <Form.Item
            name="person"
            label={personLabel ?? t('auth.person')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              data-testid="pin-confirm-person"
              options={people.map((p) => ({ value: p.person, label: p.name }))}
            />
          </Form.Item>
        )}
        {people.length === 1 && <Form.Item name="person" hidden />}
        <Form.Item
          name="pin"
          label={`${people.length === 1 ? people[0]!.name : ''} ${t('auth.pin')}`}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <PinInput autoFocus data-testid="pin-confirm-pin" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
