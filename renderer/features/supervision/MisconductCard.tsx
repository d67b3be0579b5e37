import { Button, Card, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draft, misconductActions, type EventBody } from '../../../shared/domain/events';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { formatClock } from '../../i18n';
import { useAppStore } from '../../store';

type Candidate = EventBody<'candidate.registered'>;

/**
 * 考场记录 of misconduct (R2): the supervisor records and confirms; an examiner records in their
 * own group's room (their present candidates), for the supervisor to confirm.
 */
export function MisconductCard({ session, candidates }: { session: SessionState; candidates: Candidate[] }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{
    candidate: string;
    action: (typeof misconductActions)[number];
    deductPercent?: number;
    reason: string;
  }>();
  const action = Form.useWatch('action', form);
  const shown = new Set(candidates.map((c) => c.candidate));
  // An examiner sees the records of their own candidates; the supervisor every one of the session.
  const isSupervisor = user.role === 'supervisor';
  const records = Object.values(site.misconduct).filter(
    (m) => m.session === session.id && (isSupervisor || shown.has(m.candidate)),
  );

  async function confirm(misconduct: string) {
    await command(draft('misconduct.confirmed', user.person, { misconduct }), t('supervision.misconductConfirmed'));
  }

  async function save(values: {
    candidate: string;
    action: (typeof misconductActions)[number];
    deductPercent?: number;
    reason: string;
  }) {
    const body = {
      session: session.id,
      candidate: values.candidate,
      action: values.action,
      reason: values.reason.trim(),
      ...(values.action === 'deduct' ? { deductPercent: values.deductPercent ?? 10 } : {}),
    };
    if (await command(draft('misconduct.recorded', user.person, body), t('supervision.misconductSaved'))) {
      form.resetFields();
      setOpen(false);
    }
  }

  return (
    <Card
      title={t('supervision.misconduct')}
      extra={
        session.status === 'open' && (
          <Button danger onClick={() => setOpen(true)} data-testid="add-misconduct">
            {t('supervision.addMisconduct')}
          </Button>
        )
      }
    >
      <List
        dataSource={records}
        locale={{ emptyText: <Typography.Text type="secondary">{t('supervision.noMisconduct')}</Typography.Text> }}
        data-testid="misconduct-list"
        renderItem={(m) => (
          <List.Item>
            <Space wrap>
              <Tag color="red">
                {t(`supervision.actions.${m.action}`)}
                {m.action === 'deduct' ? ` ${m.deductPercent}%` : ''}
              </Tag>
              <strong>{site.candidates[m.candidate]?.name}</strong>
              <span>{m.reason}</span>
              <Typography.Text type="secondary">
                {formatClock(m.at)} · {site.people[m.by]?.name}
              </Typography.Text>
              {m.confirmedBy ? (
                m.confirmedBy !== m.by && (
                  <Tag>{t('supervision.confirmedBy', { name: site.people[m.confirmedBy]?.name ?? '' })}</Tag>
                )
              ) : isSupervisor ? (
                <Button size="small" type="primary" onClick={() => confirm(m.event)} data-testid="confirm-misconduct">
                  {t('supervision.confirmMisconduct')}
                </Button>
              ) : (
                <Tag color="orange">{t('supervision.awaitingConfirmation')}</Tag>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Modal
        title={t('supervision.addMisconduct')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        okButtonProps={{ 'data-testid': 'misconduct-save' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ action: 'caution', deductPercent: 10 }}>
          <Form.Item
            name="candidate"
            label={t('supervision.candidate')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={candidates.map((c) => ({ value: c.candidate, label: `${c.ticket} ${c.name}` }))}
              data-testid="misconduct-candidate"
            />
          </Form.Item>
          <Form.Item name="action" label={t('supervision.action')}>
            <Select
              options={misconductActions.map((a) => ({
                value: a,
                label:
                  a === 'overtime'
                    ? `${t('supervision.actions.overtime')}（${t('supervision.actionHelp.overtime')}）`
                    : t(`supervision.actions.${a}`),
              }))}
              data-testid="misconduct-action"
            />
          </Form.Item>
          {action === 'deduct' && (
            <Form.Item name="deductPercent" label={t('supervision.deductPercent')}>
              <InputNumber min={1} max={100} data-testid="misconduct-percent" />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('supervision.reason')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="misconduct-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
