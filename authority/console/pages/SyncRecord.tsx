/** 同步记录: what each device sent, newest first — the seqs each acceptance stored and the receipt signed for them. */
import { Alert, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, type IntakeRow, type Role } from '../api';
import { describeError, useData } from '../useApi';

const loadIntakes = () => get<IntakeRow[]>('/sync');

export function SyncRecord(_props: { role: Role }) {
  const { t } = useTranslation();
  const { data, error, loading } = useData(loadIntakes);
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('sync.title')}</Typography.Paragraph>
      <Table
        rowKey={(row) => `${row.device}/${row.from}`}
        size="small"
        loading={loading}
        dataSource={data ?? []}
        scroll={{ x: true }}
        columns={[
          { title: t('sync.receivedAt'), dataIndex: 'receivedAt' },
          { title: t('sync.site'), dataIndex: 'site' },
          { title: t('sync.device'), dataIndex: 'name' },
          { title: t('sync.seqs'), key: 'seqs', render: (_: unknown, row: IntakeRow) => `${row.from}–${row.to}` },
          { title: t('sync.events'), dataIndex: 'events' },
          {
            title: t('sync.receipt'),
            key: 'receipt',
            render: (_: unknown, row: IntakeRow) =>
              row.receipt ? (
                <span>
                  {row.receipt.at} <code>{row.receipt.head.slice(0, 16)}…</code>
                </span>
              ) : (
                <Typography.Text type="secondary">{t('sync.noReceipt')}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}
