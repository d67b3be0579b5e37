import { Button, Card, Empty, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../../shared/state/project';
import { useAppStore } from '../../store';
import { SessionDetail } from './SessionDetail';
import { SessionForm } from './SessionForm';
import { sessionCounts } from './selectors';

export const statusColors: Record<SessionState['status'], string> = { planned: 'default', open: 'processing', closed: 'success' };

export function SessionsPage() {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const sessionId = useAppStore((s) => s.sessionId);
  const openSession = useAppStore((s) => s.openSession);
  const [creating, setCreating] = useState(false);
  const sessions = useMemo(() => Object.values(site?.sessions ?? {}).sort((a, b) => b.startsAt.localeCompare(a.startsAt)), [site]);
  const hasSpecs = Object.keys(site?.specs ?? {}).length > 0;

  if (sessionId && site?.sessions[sessionId]) return <SessionDetail session={site.sessions[sessionId]} />;

  return (
    <Card
      title={t('sessions.title')}
      extra={
        <Button type="primary" disabled={!hasSpecs} onClick={() => setCreating(true)} data-testid="create-session">
          {t('sessions.create')}
        </Button>
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
            { title: t('sessions.spec'), key: 'spec', render: (_, s) => site?.specs[`${s.spec}@${s.specVersion}`]?.name ?? s.spec },
            { title: t('sessions.startsAt'), dataIndex: 'startsAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            { title: t('sessions.room'), dataIndex: 'room' },
            { title: t('sessions.planned'), dataIndex: 'plannedCandidates' },
            { title: t('sessions.registered'), key: 'registered', render: (_, s) => sessionCounts(site, s.id).registered },
            { title: t('sessions.checkedIn'), key: 'present', render: (_, s) => sessionCounts(site, s.id).present },
            { title: t('sessions.status'), dataIndex: 'status', render: (status: SessionState['status']) => <Tag color={statusColors[status]}>{t(`sessions.statuses.${status}`)}</Tag> },
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
