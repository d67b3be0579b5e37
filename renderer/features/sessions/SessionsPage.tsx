import { App, Button, Card, Empty, Space, Table, Tag } from 'antd';
import type { Plan } from '../../../shared/sync/schemas';
import { useCommand } from '../../app/useCommand';
import { platform } from '../../platform';
import { planDrafts, readPlan } from '../plan/importPlan';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../../shared/state/project';
import { useAppStore } from '../../store';
import { SessionDetail } from './SessionDetail';
import { SessionForm } from './SessionForm';
import { sessionCounts, statusColors } from './selectors';
import { describeError } from '../../app/errors';

export function SessionsPage() {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const sessionId = useAppStore((s) => s.sessionId);
  const openSession = useAppStore((s) => s.openSession);
  const [creating, setCreating] = useState(false);
  const { message } = App.useApp();
  const command = useCommand();
  const sessions = useMemo(
    () => Object.values(site?.sessions ?? {}).sort((a, b) => b.startsAt.localeCompare(a.startsAt)),
    [site],
  );
  const hasSpecs = Object.keys(site?.specs ?? {}).length > 0;

  async function importPlan() {
    const { settings, user, ledger } = useAppStore.getState();
    const { enrollment, siteProfile } = settings;
    if (!enrollment) return void message.error(t('plan.notEnrolled'));
    const file = await platform().openFile({ extensions: ['json'] });
    if (!file || !ledger || !user) return;
    let plan: Plan;
    try {
      plan = await readPlan(file.bytes, enrollment.authorityPub);
    } catch (error) {
      return void message.error(t('plan.refused', { message: describeError(error, t) }));
    }
    if (plan.site !== siteProfile?.siteCode) return void message.error(t('plan.otherSite', { site: plan.site }));
    await command(
      planDrafts(plan, ledger.state(), user.person),
      t('plan.imported', { sessions: plan.sessions.length, candidates: plan.candidates.length }),
    );
  }

  if (sessionId && site?.sessions[sessionId]) return <SessionDetail session={site.sessions[sessionId]} />;

  return (
    <Card
      title={t('sessions.title')}
      extra={
        <Space>
          <Button onClick={importPlan} data-testid="import-plan">
            {t('plan.import')}
          </Button>
          <Button type="primary" disabled={!hasSpecs} onClick={() => setCreating(true)} data-testid="create-session">
            {t('sessions.create')}
          </Button>
        </Space>
      }
    >
      {sessions.length === 0 ? (
        <Empty description={hasSpecs ? t('sessions.none') : t('sessions.needSpec')} />
      ) : (
        <Table
          rowKey="id"
          dataSource={sessions}
          pagination={false}
          data-testid="sessions-table"
          onRow={(s) => ({ onClick: () => openSession(s.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('sessions.name'), dataIndex: 'name' },
            {
              title: t('sessions.spec'),
              key: 'spec',
              render: (_, s) => site?.specs[`${s.spec}@${s.specVersion}`]?.name ?? s.spec,
            },
            {
              title: t('sessions.startsAt'),
              dataIndex: 'startsAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            { title: t('sessions.room'), dataIndex: 'room' },
            { title: t('sessions.planned'), dataIndex: 'plannedCandidates' },
            {
              title: t('sessions.registered'),
              key: 'registered',
              render: (_, s) => sessionCounts(site, s.id).registered,
            },
            { title: t('sessions.checkedIn'), key: 'present', render: (_, s) => sessionCounts(site, s.id).present },
            {
              title: t('sessions.status'),
              dataIndex: 'status',
              render: (status: SessionState['status']) => (
                <Tag color={statusColors[status]}>{t(`sessions.statuses.${status}`)}</Tag>
              ),
            },
          ]}
        />
      )}
      <SessionForm
        open={creating}
        onClose={(created) => {
          setCreating(false);
          if (created) openSession(created);
        }}
      />
    </Card>
  );
}
