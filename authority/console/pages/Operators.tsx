/** 操作员 (admins change; everyone sees): the logins, their roles and states; add one, disable one. */
import { Alert, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type OperatorRow, type Role } from '../api';
import { describeError, useAction, useData } from '../useApi';

const loadOperators = () => get<OperatorRow[]>('/operators');

export function Operators({ role }: { role: Role }) {
  const { t } = useTranslation();
  const act = useAction();
  const { data, error, loading, reload } = useData(loadOperators);
  const [added, setAdded] = useState<{ login: string; password: string }>();
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  const stateOf = (o: OperatorRow) =>
    o.disabled ? 'disabled' : o.locked ? 'locked' : o.mustChange ? 'mustChange' : 'active';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {role === 'admin' && (
        <Card title={t('operators.add')}>
          <Form
            layout="inline"
            onFinish={(values: { login: string; role: Role }) =>
              void act(() => post<{ login: string; password: string }>('/operators', values)).then((done) => {
                if (done) setAdded(done);
                reload();
              })
            }
          >
            <Form.Item
              name="login"
              label={t('operators.login')}
              rules={[{ required: true, message: t('plans.required') }]}
            >
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              name="role"
              label={t('operators.role')}
              rules={[{ required: true, message: t('errors.bad_role') }]}
            >
              <Select
                style={{ width: 140 }}
                options={(['admin', 'operator', 'auditor'] as const).map((r) => ({
                  value: r,
                  label: t(`app.roles.${r}`),
                }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('operators.add')}
            </Button>
          </Form>
          {added && (
            <Alert
              type="success"
              showIcon
              style={{ marginTop: 16 }}
              title={t('operators.added', { login: added.login })}
              description={
                <Typography.Text code copyable>
                  {added.password}
                </Typography.Text>
              }
            />
          )}
        </Card>
      )}
      <Table
        rowKey="login"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        columns={[
          { title: t('operators.login'), dataIndex: 'login' },
          { title: t('operators.role'), dataIndex: 'role', render: (r: Role) => t(`app.roles.${r}`) },
          {
            title: t('operators.state'),
            key: 'state',
            render: (_: unknown, o: OperatorRow) => <Tag>{t(`operators.states.${stateOf(o)}`)}</Tag>,
          },
          {
            key: 'actions',
            render: (_: unknown, o: OperatorRow) =>
              role === 'admin' &&
              !o.disabled && (
                <Popconfirm
                  title={t('operators.disableConfirm')}
                  onConfirm={() => void act(() => post(`/operators/${o.login}/disable`)).then(reload)}
                >
                  <Button size="small" danger>
                    {t('operators.disable')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
}
