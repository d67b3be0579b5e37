import { Card, Empty, Form, Input, Button, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPoints, sessionResults, specOfSession } from '../../../shared/domain/scoring';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { draft } from '../../../shared/domain/events';

/** The group leader settles each item two examiners scored too far apart, with a reason. */
export function ArbitrationPanel({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const spec = specOfSession(site, session.id)!;
  const items = new Map(spec.tasks.flatMap((task) => task.items).map((item) => [item.id, item]));
  const disputes = sessionResults(site, session.id).candidates.flatMap((r) =>
    r.status === 'disputed' ? r.discrepancies.map((d) => ({ candidate: r.candidate, ...d })) : [],
  );

  return (
    <Card title={t('scoring.arbitration')} data-testid="arbitration-panel">
      {disputes.length === 0 ? (
        <Empty description={t('scoring.noDisputes')} />
      ) : (
        <List
          dataSource={disputes}
          renderItem={(d) => (
            <List.Item>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text strong data-testid="dispute-line">
                  {t('scoring.disputeLine', {
                    name: site.candidates[d.candidate]?.name,
                    item: `${d.item} ${items.get(d.item)?.content ?? ''}`,
                    low: formatPoints(d.low),
                    high: formatPoints(d.high),
                    threshold: formatPoints(d.threshold),
                  })}
                </Typography.Text>
                <Form
                  layout="inline"
                  onFinish={(values: { points: string; reason: string }) =>
                    command(
                      draft('score.arbitrated', user.person, {
                        session: session.id,
                        candidate: d.candidate,
                        item: d.item,
                        points: Number(values.points),
                        reason: values.reason.trim(),
                      }),
                      t('scoring.arbitrated'),
                    )
                  }
                >
                  <Form.Item
                    name="points"
                    label={t('scoring.arbitratePoints')}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <Input inputMode="decimal" style={{ width: 90 }} data-testid={`arbitrate-points-${d.item}`} />
                  </Form.Item>
                  <Form.Item
                    name="reason"
                    label={t('scoring.arbitrateReason')}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                  >
                    <Input style={{ width: 320 }} maxLength={500} data-testid={`arbitrate-reason-${d.item}`} />
                  </Form.Item>
                  <Button htmlType="submit" type="primary" data-testid={`arbitrate-${d.item}`}>
                    {t('scoring.arbitrate')}
                  </Button>
                </Form>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
