/** 隔离区: each refused batch or package with its reason in words; a review is a note, never an override. */
import { Alert, Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type QuarantineRow, type Role } from '../api';
import { describeError, useAction, useData } from '../useApi';

const loadQuarantine = () => get<QuarantineRow[]>('/quarantine');

export function Quarantine({ role }: { role: Role }) {
  const { t, i18n } = useTranslation();
  const act = useAction();
  const { data, error, loading, reload } = useData(loadQuarantine);
  const [reviewing, setReviewing] = useState<QuarantineRow>();
  const [form] = Form.useForm<{ note: string }>();
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  const submit = async ({ note }: { note: string }) => {
    const done = await act(
      () => post(`/quarantine/${reviewing!.id}/review`, { note }),
      () => t('quarantine.reviewed'),
    );
    if (done) {
      setReviewing(undefined);
      form.resetFields();
      reload();
    }
  };
  return (
    <>
      <Alert type="info" showIcon title={t('quarantine.explain')} style={{ marginBottom: 16 }} />
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        scroll={{ x: true }}
        columns={[
          { title: '#', dataIndex: 'id' },
          { title: t('quarantine.receivedAt'), dataIndex: 'receivedAt' },
          { title: t('quarantine.site'), dataIndex: 'site' },
          {
            title: t('quarantine.device'),
            dataIndex: 'device',
            render: (d: string | null) => d && <code>{d.slice(0, 8)}</code>,
          },
          {
            title: t('quarantine.reason'),
            dataIndex: 'reason',
            render: (reason: string) => (
              <>
                <Tag color="orange">{reason}</Tag>
                {i18n.exists(`wire.${reason}`) && <div>{t(`wire.${reason}`)}</div>}
              </>
            ),
          },
          {
            title: t('quarantine.detail'),
            dataIndex: 'detail',
            render: (detail: string) => (
              <Typography.Text style={{ maxWidth: 360, display: 'block' }}>{detail}</Typography.Text>
            ),
          },
          {
            title: t('quarantine.reviews'),
            dataIndex: 'reviews',
            render: (reviews: QuarantineRow['reviews']) =>
              reviews.length ? (
                reviews.map((r, i) => (
                  <div key={i}>
                    {r.at} · {r.login} · {r.note}
                  </div>
                ))
              ) : (
                <Typography.Text type="secondary">{t('quarantine.none')}</Typography.Text>
              ),
          },
          {
            key: 'actions',
            render: (_: unknown, row: QuarantineRow) =>
              role !== 'auditor' && (
                <Button size="small" onClick={() => setReviewing(row)}>
                  {t('quarantine.review')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={reviewing !== undefined}
        title={reviewing && t('quarantine.reviewTitle', { id: reviewing.id })}
        onCancel={() => setReviewing(undefined)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="note"
            label={t('quarantine.note')}
            rules={[{ required: true, whitespace: true, message: t('quarantine.noteRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
