/** 考点与设备: enrolment codes (issued with a QR code, listed, cancelled) and devices (revoked, re-keyed). */
import { Alert, Button, Card, Form, Input, Popconfirm, QRCode, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type CodeRow, type DeviceRow, type IssuedCode, type Role } from '../api';
import { describeError, useAction, useData } from '../useApi';
import { deviceColumns } from '../deviceColumns';

const loadCodes = () => get<CodeRow[]>('/codes');
const loadDevices = () => get<DeviceRow[]>('/devices');
const when = (ms: number) => new Date(ms).toLocaleString('zh-CN', { hour12: false });

export function Sites({ role }: { role: Role }) {
  const { t } = useTranslation();
  const act = useAction();
  const codes = useData(loadCodes);
  const devices = useData(loadDevices);
  const [issued, setIssued] = useState<IssuedCode>();
  const operates = role !== 'auditor';
  const deviceColumn = deviceColumns(t);
  const stateColor = { valid: 'green', used: 'blue', expired: 'default', cancelled: 'default' } as const;

  const issue = async ({ site }: { site: string }) => {
    const code = await act(() => post<IssuedCode>('/codes', { site }));
    if (code) {
      setIssued(code);
      codes.reload();
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {operates && (
        <Card title={t('codes.issue')}>
          <Form layout="inline" onFinish={issue}>
            <Form.Item
              name="site"
              label={t('codes.site')}
              rules={[{ required: true, whitespace: true, message: t('plans.required') }]}
            >
              <Input placeholder={t('codes.sitePlaceholder')} style={{ width: 200 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('codes.issue')}
            </Button>
          </Form>
          {issued && (
            <Space align="start" size="large" style={{ marginTop: 24 }} data-testid="issued-code">
              <QRCode value={issued.code} size={160} />
              <div>
                <Typography.Text type="secondary">{t('codes.issued')}</Typography.Text>
                <Typography.Title level={2} copyable style={{ margin: '4px 0', fontFamily: 'monospace' }}>
                  {issued.code}
                </Typography.Title>
                <div>
                  {issued.site} · {t('codes.validUntil', { until: when(issued.expiresAt) })}
                </div>
                <Typography.Paragraph type="secondary" style={{ maxWidth: 420 }}>
                  {t('codes.scan')}
                </Typography.Paragraph>
              </div>
            </Space>
          )}
        </Card>
      )}
      <Card title={t('codes.title')}>
        {codes.error ? (
          <Alert type="error" showIcon title={describeError(codes.error, t)} />
        ) : (
          <Table
            rowKey="code"
            size="small"
            loading={codes.loading}
            dataSource={codes.data ?? []}
            scroll={{ x: true }}
            columns={[
              { title: t('codes.code'), dataIndex: 'code', render: (code: string) => <code>{code}</code> },
              { title: t('codes.site'), dataIndex: 'site' },
              {
                title: t('codes.kind'),
                dataIndex: 'device',
                render: (device: string | null) =>
                  device ? t('codes.rekey', { device: device.slice(0, 8) }) : t('codes.ordinary'),
              },
              {
                title: t('codes.state'),
                dataIndex: 'state',
                render: (state: CodeRow['state']) => <Tag color={stateColor[state]}>{t(`codes.states.${state}`)}</Tag>,
              },
              { title: t('codes.expiresAt'), dataIndex: 'expiresAt', render: when },
              {
                key: 'actions',
                render: (_: unknown, row: CodeRow) =>
                  operates &&
                  row.state === 'valid' && (
                    <Button
                      size="small"
                      onClick={() =>
                        void act(
                          () => post(`/codes/${encodeURIComponent(row.code)}/cancel`),
                          () => t('codes.cancelled', { code: row.code }),
                        ).then(codes.reload)
                      }
                    >
                      {t('codes.cancel')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('overview.devices')}>
        {devices.error ? (
          <Alert type="error" showIcon title={describeError(devices.error, t)} />
        ) : (
          <Table
            rowKey="device"
            size="small"
            loading={devices.loading}
            dataSource={devices.data ?? []}
            scroll={{ x: true }}
            columns={[
              deviceColumn.site,
              deviceColumn.name,
              { title: t('devices.device'), dataIndex: 'device', render: (d: string) => <code>{d}</code> },
              { title: t('devices.enrolledAt'), dataIndex: 'enrolledAt' },
              deviceColumn.lastSeen,
              deviceColumn.through,
              deviceColumn.state,
              {
                key: 'actions',
                render: (_: unknown, row: DeviceRow) =>
                  role === 'admin' && (
                    <Space>
                      <Popconfirm
                        title={t('devices.revokeConfirm')}
                        onConfirm={() =>
                          void act(
                            () => post<{ revoked: number }>(`/devices/${row.device}/revoke`),
                            (done) => t('devices.revokedDone', { count: done.revoked }),
                          ).then(devices.reload)
                        }
                      >
                        <Button size="small" danger>
                          {t('devices.revoke')}
                        </Button>
                      </Popconfirm>
                      <Button
                        size="small"
                        onClick={() =>
                          void act(
                            () => post<IssuedCode>(`/devices/${row.device}/rekey`),
                            (done) => t('devices.rekeyDone', { code: done.code }),
                          ).then((done) => {
                            if (done) setIssued(done);
                            codes.reload();
                          })
                        }
                      >
                        {t('devices.rekey')}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
