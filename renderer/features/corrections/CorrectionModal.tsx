import { Form, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Every correction (a person's particulars, a deactivation, a withdrawal) is written with a
 * reason that goes into the record: this dialog asks for it, with any fields the correction needs.
 */
export function CorrectionModal<T extends object>({
  open,
  title,
  hint,
  okText,
  reasonLabel,
  danger,
  initialValues,
  children,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: string;
  hint?: ReactNode;
  okText: string;
  /** The reason field's label, where the correction has its own word for it. */
  reasonLabel?: string;
  danger?: boolean;
  initialValues?: Partial<T>;
  children?: ReactNode;
  onCancel(): void;
  onSubmit(values: T & { reason: string }): Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<T & { reason: string }>();
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, 'data-testid': 'correction-ok' }}
      destroyOnHidden
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={async (values) => {
          if (await onSubmit({ ...values, reason: values.reason.trim() })) form.resetFields();
        }}
      >
        {children}
        <Form.Item
          name="reason"
          label={reasonLabel ?? t('corrections.reason')}
          rules={[{ required: true, whitespace: true, message: t('corrections.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="correction-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
