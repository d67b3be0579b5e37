/** 总览: the authority, its sites and devices, events received per day, and pass rates per session. */
import { Alert, Card, Col, Descriptions, Row, Spin, Statistic, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Overview as OverviewData } from '../api';
import { Chart } from '../Chart';
import { deviceColumns } from '../deviceColumns';
import { describeError, useData } from '../useApi';
import type { Role } from '../api';

const loadOverview = () => get<OverviewData>('/overview');

export function Overview(_props: { role: Role }) {
  const { t } = useTranslation();
  const { data, error } = useData(loadOverview);
  const perDay = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        grid: { left: 48, right: 16, top: 24, bottom: 32 },
        xAxis: { type: 'category', data: data.eventsPerDay.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', name: t('overview.eventsAxis'), minInterval: 1 },
        series: [{ type: 'bar', data: data.eventsPerDay.map((d) => d.events), itemStyle: { color: '#1677ff' } }],
      },
    [data, t],
  );
  const passRates = useMemo(() => {
    const rated = data?.sessions.filter((s) => s.passRate !== undefined) ?? [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(2)}%` },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: {
        type: 'category',
        data: rated.map((s) => `${s.site} ${s.name}`),
        axisLabel: { interval: 0, rotate: 20 },
      },
      yAxis: { type: 'value', name: t('overview.passRate'), max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{ type: 'bar', data: rated.map((s) => (s.passRate ?? 0) / 100), itemStyle: { color: '#52c41a' } }],
    };
  }, [data, t]);
  if (error) return <Alert type="error" showIcon title={describeError(error, t)} />;
  if (!data || !perDay) return <Spin />;
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('overview.authority')}>{data.authority}</Descriptions.Item>
          <Descriptions.Item label={t('overview.fingerprint')}>
            <code>{data.fingerprint}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t('overview.store')}>{data.store}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['sites', data.sites.length],
            ['devices', data.devices.length],
            ['events', data.events],
            ['flagged', data.flagged],
            ['quarantine', data.quarantine],
          ] as const
        ).map(([key, value]) => (
          <Col xs={12} md={8} xl={4} key={key}>
            <Card>
              <Statistic title={t(`overview.${key}`)} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={t('overview.eventsPerDay')}>
            <Chart option={perDay} label={t('overview.eventsPerDay')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('overview.passRates')}>
            {data.sessions.some((s) => s.passRate !== undefined) ? (
              <Chart option={passRates} label={t('overview.passRates')} />
            ) : (
              <Alert type="info" title={t('overview.noSessions')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card title={t('overview.lastContact')}>
        <Table
          rowKey="device"
          size="small"
          pagination={false}
          dataSource={data.devices}
          scroll={{ x: true }}
          columns={(() => {
            const c = deviceColumns(t);
            return [c.site, c.name, c.lastSeen, c.through, c.state];
          })()}
        />
      </Card>
    </>
  );
}
