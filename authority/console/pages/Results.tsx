/** 成绩: per site and session, the results the site computed (the same fold), flags for unknown or malformed events. */
import { Alert, Button, Card, Collapse, Descriptions, Empty, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { download, get, type Cell, type Role, type SiteResults } from '../api';
import { describeError, useAction, useData } from '../useApi';

const loadResults = () => get<SiteResults[]>('/results');
const percent = (hundredths: number | undefined) =>
  hundredths === undefined ? '—' : `${(hundredths / 100).toFixed(2)}%`;

export function Results(_props: { role: Role }) {
  const { t } = useTranslation();
  const act = useAction();
  const { data, error, loading } = useData(loadResults);
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => void act(() => download('/results.xlsx', 'results.xlsx'))}>
        {t('results.export')}
      </Button>
      {!loading && !data?.length && <Empty description={t('results.empty')} />}
      {data?.map((site) => (
        <Card key={site.site} title={site.site} data-testid={`site-${site.site}`}>
          {site.flagged.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('results.flagged', { count: site.flagged.length })}
              description={site.flagged.slice(0, 20).map((f) => (
                <div key={`${f.device}/${f.seq}`}>
                  {t('results.flaggedEvent', { device: f.device.slice(0, 8), seq: f.seq, type: f.type, flag: f.flag })}
                </div>
              ))}
            />
          )}
          {site.sessions.length === 0 && <Empty description={t('results.noSessions')} />}
          <Collapse
            style={site.sessions.length ? undefined : { display: 'none' }}
            defaultActiveKey={site.sessions.map((s) => s.session)}
            items={site.sessions.map((s) => ({
              key: s.session,
              label: (
                <Space>
                  {s.name}
                  <Tag>{t(`results.status.${s.status}`)}</Tag>
                </Space>
              ),
              children: (
                <>
                  <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
                    <Descriptions.Item label={t('results.registered')}>{s.registered}</Descriptions.Item>
                    <Descriptions.Item label={t('results.scored')}>{s.scored}</Descriptions.Item>
                    <Descriptions.Item label={t('results.passed')}>{s.passed}</Descriptions.Item>
                    <Descriptions.Item label={t('results.passRate')}>{percent(s.passRate)}</Descriptions.Item>
                  </Descriptions>
                  <Table
                    size="small"
                    rowKey={(_row, index) => String(index)}
                    pagination={false}
                    scroll={{ x: true }}
                    dataSource={s.rows}
                    columns={s.header.map((title, i) => ({
                      title,
                      key: i,
                      render: (_: unknown, row: Cell[]) => row[i],
                    }))}
                  />
                </>
              ),
            }))}
          />
        </Card>
      ))}
    </Space>
  );
}
