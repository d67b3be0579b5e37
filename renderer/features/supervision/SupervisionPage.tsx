import { Button, Card, Checkbox, Empty, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noteCategories, type EventBodyInput } from '../../../shared/domain/events';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { storeAttachment } from '../../db/attachments';
import { useAppStore } from '../../store';
import { Camera } from '../checkin/Camera';
import { assignedSessions, sessionCandidates } from '../sessions/selectors';
import { draft } from '../../../shared/domain/events';
import { formatClock } from '../../i18n';
import { MisconductCard } from './MisconductCard';

const severities = ['info', 'minor', 'major'] as const;
const severityColors = { info: 'default', minor: 'orange', major: 'red' } as const;

/** The supervisor's record: notes (never edited, only followed up), misconduct actions, the checklist. */
export function SupervisionPage() {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const sessions = useMemo(
    () => assignedSessions(site, user.person, 'supervisor', (s) => s.status !== 'planned'),
    [site, user.person],
  );
  const [sessionId, setSessionId] = useState<string>();
  const session = sessions.find((s) => s.id === sessionId) ?? sessions[0];
  if (!site || !session)
    return (
      <Card title={t('supervision.title')}>
        <Empty description={t('scoring.noSessions')} />
      </Card>
    );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {sessions.length > 1 && (
        <Select
          style={{ width: 360 }}
          value={session.id}
          onChange={setSessionId}
          options={sessions.map((s) => ({ value: s.id, label: s.name }))}
        />
      )}
      <Notes session={session} />
      <MisconductCard session={session} candidates={sessionCandidates(site, session.id)} />
      <Checklist session={session} />
    </Space>
  );
}

/** The note form's values: the category and severity are the domain's code lists. */
type NoteValues = Pick<EventBodyInput<'note.logged'>, 'category' | 'severity' | 'text' | 'candidate' | 'examiner'>;
type NoteCategory = (typeof noteCategories)[number];

function Notes({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [open, setOpen] = useState<{ follows?: string }>();
  const [photo, setPhoto] = useState<string>();
  const [camera, setCamera] = useState(false);
  const [form] = Form.useForm<NoteValues>();
  const notes = Object.values(site.notes).filter((n) => n.session === session.id);
  const candidates = sessionCandidates(site, session.id);
  const examiners = Object.values(site.assignments).filter((a) => a.session === session.id && a.role === 'examiner');

  async function save(values: NoteValues) {
    const body = {
      session: session.id,
      ...values,
      text: values.text.trim(),
      ...(photo ? { photo } : {}),
      ...(open?.follows ? { follows: open.follows } : {}),
    };
    if (await command(draft('note.logged', user.person, body), t('supervision.noteSaved'))) {
      form.resetFields();
      setPhoto(undefined);
      setOpen(undefined);
    }
  }

  return (
    <Card
      title={t('supervision.notes')}
      extra={
        <Button type="primary" onClick={() => setOpen({})} data-testid="add-note">
          {t('supervision.addNote')}
        </Button>
      }
    >
      <List
        dataSource={notes}
        locale={{ emptyText: <Typography.Text type="secondary">{t('supervision.noNotes')}</Typography.Text> }}
        data-testid="notes-list"
        renderItem={(n) => (
          <List.Item
            extra={
              <Button size="small" onClick={() => setOpen({ follows: n.event })}>
                {t('supervision.followUp')}
              </Button>
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag>{t(`supervision.categories.${n.category}`)}</Tag>
                  <Tag color={severityColors[n.severity]}>{t(`supervision.severities.${n.severity}`)}</Tag>
                  {n.candidate && <span>{site.candidates[n.candidate]?.name}</span>}
                  {n.examiner && <span>{site.people[n.examiner]?.name}</span>}
                  {n.follows && <Tag color="blue">{t('supervision.follows')}</Tag>}
                  {n.photo && <Tag color="purple">{t('supervision.photo')}</Tag>}
                </Space>
              }
              description={`${formatClock(n.at)} · ${site.people[n.by]?.name ?? ''}`}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.text}</Typography.Paragraph>
          </List.Item>
        )}
      />
      <Modal
        title={t('supervision.addNote')}
        open={!!open}
        onCancel={() => setOpen(undefined)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        okButtonProps={{ 'data-testid': 'note-save' }}
        destroyOnHidden
        width={640}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={{ category: 'discipline', severity: 'info' }}
        >
          <Space>
            <Form.Item name="category" label={t('supervision.category')}>
              <Select
                style={{ width: 200 }}
                options={noteCategories.map((c) => ({ value: c, label: t(`supervision.categories.${c}`) }))}
                data-testid="note-category"
              />
            </Form.Item>
            <Form.Item name="severity" label={t('supervision.severity')}>
              <Select
                style={{ width: 160 }}
                options={severities.map((c) => ({ value: c, label: t(`supervision.severities.${c}`) }))}
              />
            </Form.Item>
          </Space>
          <Form.Item
            name="text"
            label={t('supervision.text')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={4} maxLength={4000} data-testid="note-text" />
          </Form.Item>
          <Space>
            <Form.Item name="candidate" label={t('supervision.candidate')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 260 }}
                options={candidates.map((c) => ({ value: c.candidate, label: `${c.ticket} ${c.name}` }))}
                data-testid="note-candidate"
              />
            </Form.Item>
            <Form.Item name="examiner" label={t('supervision.examiner')}>
              <Select
                allowClear
                style={{ width: 200 }}
                options={examiners.map((a) => ({ value: a.person, label: site.people[a.person]?.name }))}
              />
            </Form.Item>
          </Space>
          {photo ? (
            <Tag color="purple">{t('supervision.photo')} ✓</Tag>
          ) : camera ? (
            <Camera
              onCapture={async (bytes, mime) => {
                setPhoto(await storeAttachment(bytes, mime));
                setCamera(false);
              }}
            />
          ) : (
            <Button onClick={() => setCamera(true)}>{t('checkin.photo')}</Button>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

function Checklist({ session }: { session: SessionState }) {
  const { t } = useTranslation();
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [checked, setChecked] = useState<string[]>([]);
  if (session.checklist) {
    return (
      <Card title={t('supervision.checklist')}>
        <Tag color="green" data-testid="checklist-done">
          {t('supervision.checklistDone')}
        </Tag>
      </Card>
    );
  }
  return (
    <Card title={t('supervision.checklist')}>
      <Checkbox.Group
        value={checked}
        onChange={(v) => setChecked(v as string[])}
        options={noteCategories.map((c) => ({ value: c, label: t(`supervision.categories.${c}`) }))}
        data-testid="checklist"
      />
      <div style={{ marginTop: 12 }}>
        <Button
          type="primary"
          disabled={checked.length !== noteCategories.length || session.status !== 'open'}
          data-testid="complete-checklist"
          onClick={() =>
            command(
              draft('checklist.completed', user.person, {
                session: session.id,
                items: Object.fromEntries(noteCategories.map((c) => [c, true])) as Record<NoteCategory, boolean>,
              }),
              t('supervision.checklistDone'),
            )
          }
        >
          {t('supervision.completeChecklist')}
        </Button>
      </div>
    </Card>
  );
}
