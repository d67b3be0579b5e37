import { specReasonText } from './specReasons';
import { Alert, App, Button, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { demoSpecification } from '../../../shared/domain/demoSpec';
import type { Specification } from '../../../shared/domain/events';
import { useCommand } from '../../app/useCommand';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { readSpecJson, readSpecXlsx, writeSpecXlsx, type SpecReason } from './specFile';
import { specRows, taskCell } from './specRows';
import { describeError } from '../../app/errors';
import { draft } from '../../../shared/domain/events';
import { formatDateTime } from '../../i18n';
import { CorrectionModal } from '../corrections/CorrectionModal';

export function SpecsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [reasons, setReasons] = useState<SpecReason[]>();
  const specs = useMemo(() => Object.values(site?.specs ?? {}), [site]);
  const [selected, setSelected] = useState<string>();
  const [withdrawing, setWithdrawing] = useState<Specification>();
  const inUse = new Set(Object.values(site?.sessions ?? {}).map((s) => `${s.spec}@${s.specVersion}`));
  const withdrawn = Object.values(site?.withdrawnSpecs ?? {});

  async function withdraw({ reason }: { reason: string }) {
    if (!withdrawing) return false;
    const ok = await command(
      draft('spec.withdrawn', user.person, { code: withdrawing.code, version: withdrawing.version, reason }),
      t('specs.withdrawn', { name: withdrawing.name }),
    );
    if (ok) setWithdrawing(undefined);
    return ok;
  }
  const shown = specs.find((s) => `${s.code}@${s.version}` === selected) ?? specs[0];

  async function define(spec: Specification) {
    setReasons(undefined);
    if (await command(draft('spec.defined', user.person, { spec }), t('specs.imported', { name: spec.name })))
      setSelected(`${spec.code}@${spec.version}`);
  }

  async function importFile() {
    const file = await platform().openFile({ extensions: ['json', 'xlsx'] });
    if (!file) return;
    try {
      const result = file.name.toLowerCase().endsWith('.xlsx')
        ? await readSpecXlsx(file.bytes)
        : readSpecJson(file.bytes);
      if (result.ok) await define(result.spec);
      else setReasons(result.reasons);
    } catch (error) {
      void message.error(t('specs.readFailed', { message: describeError(error, t) }));
    }
  }

  async function downloadTemplate() {
    await platform().saveFile({
      suggestedName: '考核规范模板-胶东花饽饽制作.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: await writeSpecXlsx(demoSpecification),
    });
  }

  const demoPresent = specs.some((s) => s.code === demoSpecification.code && s.version === demoSpecification.version);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('specs.title')}
        extra={
          <Space wrap>
            <Button onClick={downloadTemplate}>{t('specs.template')}</Button>
            {!demoPresent && (
              <Button onClick={() => define(demoSpecification)} data-testid="add-demo-spec">
                {t('specs.addDemo')}
              </Button>
            )}
            <Button type="primary" onClick={importFile} data-testid="import-spec">
              {t('specs.import')}
            </Button>
          </Space>
        }
      >
        {reasons && (
          <Alert
            type="error"
            showIcon
            data-testid="spec-errors"
            style={{ marginBottom: 16 }}
            title={t('specs.invalid')}
            description={
              <List
                size="small"
                dataSource={reasons}
                renderItem={(r) => <List.Item>{specReasonText(r, t)}</List.Item>}
              />
            }
          />
        )}
        {specs.length === 0 ? (
          <Empty description={t('specs.none')} />
        ) : (
          <Table
            rowKey={(s) => `${s.code}@${s.version}`}
            dataSource={specs}
            pagination={false}
            onRow={(s) => ({ onClick: () => setSelected(`${s.code}@${s.version}`), style: { cursor: 'pointer' } })}
            rowClassName={(s) => (s === shown ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('specs.code'), dataIndex: 'code' },
              { title: t('specs.name'), dataIndex: 'name' },
              { title: t('specs.version'), dataIndex: 'version' },
              {
                title: t('specs.method'),
                dataIndex: 'method',
                render: (m: Specification['method']) => t(`specs.methods.${m}`),
              },
              { title: t('specs.tasks'), key: 'tasks', render: (_, s) => s.tasks.length },
              { title: t('specs.passMark'), dataIndex: 'passMark' },
              {
                title: t('common.actions'),
                key: 'actions',
                // Only a specification no session uses can be withdrawn (then its corrected file imports).
                render: (_, s) =>
                  inUse.has(`${s.code}@${s.version}`) ? (
                    <Tag>{t('specs.inUse')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        setWithdrawing(s);
                      }}
                      data-testid={`withdraw-spec-${s.code}`}
                    >
                      {t('specs.withdraw')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
        {withdrawn.length > 0 && (
          <List
            size="small"
            style={{ marginTop: 16 }}
            header={<Typography.Text strong>{t('specs.withdrawnList')}</Typography.Text>}
            dataSource={withdrawn}
            data-testid="withdrawn-specs"
            renderItem={(w) => (
              <List.Item>
                {w.name}（{w.code} · {w.version}）— {w.reason}（{formatDateTime(w.at)}）
              </List.Item>
            )}
          />
        )}
        <CorrectionModal
          open={!!withdrawing}
          title={t('specs.withdrawTitle', { name: withdrawing?.name ?? '' })}
          hint={t('specs.withdrawHint')}
          okText={t('specs.withdraw')}
          danger
          onCancel={() => setWithdrawing(undefined)}
          onSubmit={withdraw}
        />
      </Card>
      {shown && <SpecDetail spec={shown} />}
    </Space>
  );
}

function SpecDetail({ spec }: { spec: Specification }) {
  const { t } = useTranslation();
  const rows = specRows(spec);
  return (
    <Card title={`${spec.name}（${spec.code} · ${spec.version}）`} data-testid="spec-detail">
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('specs.method')}>{t(`specs.methods.${spec.method}`)}</Descriptions.Item>
        <Descriptions.Item label={t('specs.duration')}>{spec.durationMinutes}</Descriptions.Item>
        <Descriptions.Item label={t('specs.minExaminers')}>{spec.minExaminers}</Descriptions.Item>
        <Descriptions.Item label={t('specs.passMark')}>{spec.passMark}</Descriptions.Item>
        <Descriptions.Item label={t('specs.aggregation')}>
          {t(`specs.aggregations.${spec.aggregation}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('specs.requirements')} span={3}>
          <Typography.Text>{spec.requirements}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('specs.tasks'), key: 'task', onCell: taskCell, render: (_, r) => `${r.task.id} ${r.task.name}` },
          {
            title: t('specs.weight'),
            key: 'weight',
            width: 70,
            onCell: taskCell,
            render: (_, r) => <Tag>{r.task.weight}%</Tag>,
          },
          { title: t('specs.content'), key: 'content', render: (_, r) => r.item.content },
          { title: t('specs.maxPoints'), key: 'max', width: 70, render: (_, r) => r.item.maxPoints },
          { title: t('specs.criteria'), key: 'criteria', render: (_, r) => r.item.criteria },
        ]}
      />
    </Card>
  );
}
