import { Alert, Button, Card, Descriptions, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draft } from '../../../shared/domain/events';
import { formatPoints, specOfSession, toHundredths, type OpenDispute } from '../../../shared/domain/scoring';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { PinConfirm } from '../auth/PinConfirm';

/**
 * 组长复核: the group leader settles each item two examiners scored too far apart. Shown at the
 * top of the leader's scoring page while any is open: who gave which points, the leader's points
 * and reason, confirmed with the leader's PIN like a signature; then what was decided.
 */
export function ArbitrationPanel({ session, disputes }: { session: SessionState; disputes: OpenDispute[] }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const spec = specOfSession(site, session.id)!;
  const items = new Map(spec.tasks.flatMap((task) => task.items).map((item) => [item.id, item]));
  const decided = Object.values(site.arbitrations)
    .filter((a) => a.session === session.id)
    .sort((a, b) => a.event.localeCompare(b.event));
  if (disputes.length === 0 && decided.length === 0) return null;

  return (
    <Card
      title={
        <Space>
          {t('scoring.arbitration')}
          {disputes.length > 0 && <Tag color="red">{t('scoring.openDisputes', { count: disputes.length })}</Tag>}
        </Space>
      }
      data-testid="arbitration-panel"
    >
      {disputes.length > 0 && (
        <List
          dataSource={disputes}
          rowKey={(d) => `${d.candidate}/${d.item}`}
          renderItem={(d) => (
            <List.Item>
              <DisputeForm session={session} dispute={d} itemName={items.get(d.item)?.content ?? ''} />
            </List.Item>
          )}
        />
      )}
      {decided.length > 0 && (
        <Descriptions size="small" column={1} bordered title={t('scoring.decided')} data-testid="arbitrations-done">
          {decided.map((a) => (
            <Descriptions.Item
              key={a.event}
              label={`${site.candidates[a.candidate]?.name ?? ''} · ${a.item} ${items.get(a.item)?.content ?? ''}`}
            >
              {t('scoring.decidedLine', { points: formatPoints(toHundredths(a.points)), reason: a.reason })}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

function DisputeForm({
  session,
  dispute,
  itemName,
}: {
  session: SessionState;
  dispute: OpenDispute;
  itemName: string;
}) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [form] = Form.useForm<{ points: string; reason: string }>();
  const [confirming, setConfirming] = useState(false);
  const candidate = site.candidates[dispute.candidate];

  async function arbitrate(person: string) {
    const { points, reason } = form.getFieldsValue();
    if (
      await command(
        draft('score.arbitrated', person, {
          session: session.id,
          candidate: dispute.candidate,
          item: dispute.item,
          points: Number(points),
          reason: reason.trim(),
        }),
        t('scoring.arbitrated'),
      )
    )
      setConfirming(false);
  }

  return (
    <Space
      orientation="vertical"
      style={{ width: '100%' }}
      data-testid={`dispute-${candidate?.ticket}-${dispute.item}`}
    >
      <Typography.Text strong data-testid="dispute-line">
        {t('scoring.disputeLine', {
          name: candidate?.name,
          ticket: candidate?.ticket,
          item: `${dispute.item} ${itemName}`,
          threshold: formatPoints(dispute.threshold),
        })}
      </Typography.Text>
      <Space wrap data-testid="dispute-points">
        {Object.entries(dispute.points).map(([examiner, points]) => (
          <Tag
            key={examiner}
            color={points === dispute.low || points === dispute.high ? 'orange' : 'default'}
            style={{ fontSize: '1em', padding: '2px 8px' }}
          >
            {site.people[examiner]?.name}：{formatPoints(points)}
          </Tag>
        ))}
      </Space>
      <Form form={form} layout="inline" onFinish={() => setConfirming(true)}>
        <Form.Item
          name="points"
          label={t('scoring.arbitratePoints')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input inputMode="decimal" style={{ width: 90 }} data-testid={`arbitrate-points-${dispute.item}`} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('scoring.arbitrateReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input style={{ width: 320 }} maxLength={500} data-testid={`arbitrate-reason-${dispute.item}`} />
        </Form.Item>
        <Button htmlType="submit" type="primary" data-testid={`arbitrate-${dispute.item}`}>
          {t('scoring.arbitrate')}
        </Button>
      </Form>
      <PinConfirm
        open={confirming}
        title={t('scoring.arbitrateTitle')}
        hint={
          <Alert
            type="info"
            title={t('scoring.arbitrateHint', {
              name: candidate?.name,
              item: `${dispute.item} ${itemName}`,
              points: form.getFieldValue('points'),
            })}
          />
        }
        people={[{ person: user.person, name: user.name }]}
        onCancel={() => setConfirming(false)}
        onConfirmed={arbitrate}
      />
    </Space>
  );
}
