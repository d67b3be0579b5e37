/** 审计日志: every operator action, newest first, filtered by operator and action, exported as .xlsx. */
import { Alert, Button, Input, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../../shared/ledger/ids';
import { download, get, type AuditRow, type Role } from '../api';
import { describeError, useAction, useData } from '../useApi';

const loadAudit = () => get<AuditRow[]>('/audit');

export function AuditLog(_props: { role: Role }) {
  const { t } = useTranslation();
  const act = useAction();
  const { data, error, loading } = useData(loadAudit);
  const [login, setLogin] = useState<string>();
  const [action, setAction] = useState('');
  const logins = useMemo(() => [...new Set((data ?? []).map((r) => r.login))].sort(), [data]);
  const rows = (data ?? []).filter(
    (r) => (!login || r.login === login) && (!action || r.action === action || r.action.startsWith(`${action}.`)),
  );
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  const query = new URLSearchParams({ ...(login ? { login } : {}), ...(action ? { action } : {}) }).toString();
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('audit.filterLogin')}
          style={{ width: 200 }}
          value={login}
          onChange={setLogin}
          options={logins.map((l) => ({ value: l, label: l }))}
          aria-label={t('audit.filterLogin')}
        />
        <Input
          placeholder={t('audit.filterAction')}
          style={{ width: 280 }}
          value={action}
          onChange={(e) => setAction(e.target.value.trim())}
          aria-label={t('audit.filterAction')}
        />
        <Button onClick={() => void act(() => download(`/audit.xlsx${query ? `?${query}` : ''}`, 'audit.xlsx'))}>
          {t('audit.export')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        scroll={{ x: true }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          {
            title: t('audit.at'),
            dataIndex: 'at',
            render: (ms: number) => formatTime(ms, 480).slice(0, 19).replace('T', ' '),
          },
          { title: t('audit.login'), dataIndex: 'login' },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: t('audit.detail'), dataIndex: 'detail' },
          { title: t('audit.address'), dataIndex: 'address' },
        ]}
      />
    </>
  );
}
