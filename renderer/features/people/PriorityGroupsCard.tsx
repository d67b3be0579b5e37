import { App, Button, Card, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { defaultPriorityGroups, type CodeListEntry } from '../../../shared/domain/priorityGroups';
import { useSetting } from '../../store/useSetting';

/** The employment-priority groups (就业重点群体) code list the roster import checks against. */
export function PriorityGroupsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [groups, setGroups] = useSetting('priorityGroups');
  const [form] = Form.useForm<CodeListEntry>();

  async function save(next: CodeListEntry[]) {
    await setGroups(next);
    void message.success(t('common.saved'));
  }

  async function add(entry: CodeListEntry) {
    const clean = { code: entry.code.trim(), zh: entry.zh.trim(), en: (entry.en ?? '').trim() || entry.zh.trim() };
    if (groups.some((g) => g.code === clean.code))
      return void message.error(t('codeList.duplicate', { code: clean.code }));
    await save([...groups, clean]);
    form.resetFields();
  }

  return (
    <Card title={t('codeList.title')} data-testid="priority-groups">
      <Typography.Paragraph type="secondary">{t('codeList.hint')}</Typography.Paragraph>
      <Table<CodeListEntry>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={groups}
        columns={[
          { title: t('codeList.code'), dataIndex: 'code', width: 220 },
          { title: t('codeList.zh'), dataIndex: 'zh' },
          { title: t('codeList.en'), dataIndex: 'en' },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, g) => (
              <Popconfirm
                title={t('codeList.removeConfirm', { name: g.zh })}
                onConfirm={() => save(groups.filter((x) => x.code !== g.code))}
              >
                <Button size="small" danger>
                  {t('codeList.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Form form={form} layout="inline" onFinish={add} style={{ marginTop: 12 }}>
        <Form.Item
          name="code"
          rules={[{ required: true, pattern: /^[a-z0-9_]{2,40}$/, message: t('codeList.codeFormat') }]}
        >
          <Input placeholder={t('codeList.code')} data-testid="code-list-code" />
        </Form.Item>
        <Form.Item name="zh" rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input placeholder={t('codeList.zh')} data-testid="code-list-zh" />
        </Form.Item>
        <Form.Item name="en">
          <Input placeholder={t('codeList.en')} />
        </Form.Item>
        <Space>
          <Button htmlType="submit" data-testid="code-list-add">
            {t('common.add')}
          </Button>
          <Button onClick={() => save(defaultPriorityGroups)}>{t('codeList.reset')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
