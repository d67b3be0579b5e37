/** 同步记录: every receipt the authority signed (one for each head a device reached), newest first. */
import { Alert, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, type ReceiptRow, type Role } from '../api';
import { describeError, useData } from '../useApi';

const loadReceipts = () => get<ReceiptRow[]>('/sync');

export function SyncRecord(_props: { role: Role }) {
  const { t } = useTranslation();
  const { data, error, loading } = useData(loadReceipts);
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  return (
    <Table
      rowKey={(row) => `${row.device}/${row.through}`}
      size="small"
      loading={loading}
      dataSource={data ?? []}
      scroll={{ x: true }}
      caption={t('sync.title')}
      columns={[
        { title: t('sync.at'), dataIndex: 'at' },
        { title: t('sync.site'), dataIndex: 'site' },
        { title: t('sync.device'), dataIndex: 'name' },
        { title: t('sync.through'), dataIndex: 'through' },
        { title: t('sync.head'), dataIndex: 'head', render: (head: string) => <code>{head.slice(0, 16)}…</code> },
      ]}
    />
  );
}
