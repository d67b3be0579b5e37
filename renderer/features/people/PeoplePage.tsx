import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidPin } from '../../../shared/domain/lockout';
import { roles } from '../../../shared/domain/events';
import { uuidV4 } from '../../../shared/ledger/ids';
import { useCommand } from '../../app/useCommand';
import { makeCredential, peopleWithPins } from '../../db/credentials';
import { useAppStore } from '../../store';
import { PinInput } from '../auth/PinInput';
import { PriorityGroupsCard } from './PriorityGroupsCard';
import { CorrectionModal } from '../corrections/CorrectionModal';
import type { PersonState } from '../../../shared/state/project';
import { draft } from '../../../shared/domain/events';

interface RegisterValues {
  name: string;
  role: (typeof roles)[number];
  trainingUnit?: string;
  employer?: string;
  pin: string;
}

export function PeoplePage() {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [withPins, setWithPins] = useState<Set<string>>(new Set());
  const [registering, setRegistering] = useState(false);
  const [pinFor, setPinFor] = useState<{ person: string; name: string }>();
  const [correcting, setCorrecting] = useState<PersonState>();
  const [deactivating, setDeactivating] = useState<PersonState>();
  const [registerForm] = Form.useForm<RegisterValues>();
  const [pinForm] = Form.useForm<{ pin: string }>();

  // Active people first; a deactivated one stays listed (greyed, with the reason) for the record.
  const people = useMemo(
    () => Object.values(site?.people ?? {}).sort((a, b) => Number(!!a.deactivated) - Number(!!b.deactivated)),
    [site],
  );
  useEffect(() => {
    void peopleWithPins().then(setWithPins);
  }, [site]);

  const pinRule = {
    validator: (_: unknown, v: string) =>
      isValidPin(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('auth.pinFormat'))),
  };

  // A PIN the manager sets is one-time: its owner chooses their own at first sign-in, and the
  // reset is in the record (who set whose, when — never the PIN).
  async function register(values: RegisterValues) {
    const person = uuidV4();
    const ok = await command(
      [
        draft('person.registered', user.person, {
          person,
          name: values.name.trim(),
          role: values.role,
          trainingUnit: values.trainingUnit?.trim() ?? '',
          employer: values.employer?.trim() ?? '',
        }),
        draft('pin.reset', user.person, { person }),
      ],
      t('people.registered', { name: values.name.trim() }),
      { credentials: [await makeCredential(person, values.pin, true)] },
    );
    if (!ok) return;
    setWithPins(await peopleWithPins());
    registerForm.resetFields();
    setRegistering(false);
  }

  async function correct(values: { name: string; trainingUnit?: string; employer?: string; reason: string }) {
    if (!correcting) return false;
    const ok = await command(
      draft('person.updated', user.person, {
        person: correcting.person,
        name: values.name.trim(),
        trainingUnit: values.trainingUnit?.trim() ?? '',
        employer: values.employer?.trim() ?? '',
        reason: values.reason,
      }),
      t('people.corrected', { name: values.name.trim() }),
    );
    if (ok) setCorrecting(undefined);
    return ok;
  }

  async function deactivate({ reason }: { reason: string }) {
    if (!deactivating) return false;
    const ok = await command(
      draft('person.deactivated', user.person, { person: deactivating.person, reason }),
      t('people.deactivated', { name: deactivating.name }),
    );
    if (ok) setDeactivating(undefined);
    return ok;
  }

  async function savePin({ pin }: { pin: string }) {
    if (!pinFor) return;
    const ok = await command(
      draft('pin.reset', user.person, { person: pinFor.person }),
      t('people.pinSaved', { name: pinFor.name }),
      { credentials: [await makeCredential(pinFor.person, pin, true)] },
    );
    if (!ok) return;
    setWithPins(await peopleWithPins());
    pinForm.resetFields();
    setPinFor(undefined);
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('people.title')}
        extra={
          <Button type="primary" onClick={() => setRegistering(true)} data-testid="register-person">
            {t('people.register')}
          </Button>
        }
      >
        <Table
          rowKey="person"
          dataSource={people}
          pagination={false}
          data-testid="people-table"
          rowClassName={(p) => (p.deactivated ? 'kd-inactive-row' : '')}
          columns={[
            {
              title: t('auth.name'),
              dataIndex: 'name',
              sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
              render: (name: string, p) => (
                <Space size={4} wrap>
                  {name}
                  {p.deactivated && (
                    <Tag title={p.deactivated.reason} data-testid={`inactive-${name}`}>
                      {t('people.inactiveTag', { reason: p.deactivated.reason })}
                    </Tag>
                  )}
                  {p.corrections?.length ? (
                    <Tag
                      color="blue"
                      title={p.corrections.map((c) => `${c.at.slice(0, 16).replace('T', ' ')} ${c.reason}`).join('\n')}
                    >
                      {t('people.correctedTag', { count: p.corrections.length })}
                    </Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('people.role'),
              dataIndex: 'role',
              render: (role: RegisterValues['role']) => (
                <Tag color={{ manager: 'blue', examiner: 'green', supervisor: 'purple' }[role]}>
                  {t(`roles.${role}`)}
                </Tag>
              ),
            },
            { title: t('people.trainingUnit'), dataIndex: 'trainingUnit' },
            { title: t('people.employer'), dataIndex: 'employer' },
            {
              title: t('people.pinOnDevice'),
              key: 'pin',
              render: (_, p) =>
                withPins.has(p.person) ? (
                  <Tag color="green">{t('people.pinSet')}</Tag>
                ) : (
                  <Tag>{t('people.pinNotSet')}</Tag>
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, p) =>
                p.deactivated ? null : (
                  <Space size={4} wrap>
                    <Button size="small" onClick={() => setPinFor({ person: p.person, name: p.name })}>
                      {t('people.setPin')}
                    </Button>
                    <Button size="small" onClick={() => setCorrecting(p)} data-testid={`correct-${p.name}`}>
                      {t('people.correct')}
                    </Button>
                    {p.person !== user.person && (
                      <Button
                        size="small"
                        danger
                        onClick={() => setDeactivating(p)}
                        data-testid={`deactivate-${p.name}`}
                      >
                        {t('people.deactivate')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
        <Modal
          title={t('people.register')}
          open={registering}
          onCancel={() => setRegistering(false)}
          onOk={() => registerForm.submit()}
          okText={t('common.save')}
          destroyOnHidden
        >
          <Typography.Paragraph type="secondary">{t('people.recusalHint')}</Typography.Paragraph>
          <Form<RegisterValues>
            form={registerForm}
            layout="vertical"
            onFinish={register}
            initialValues={{ role: 'examiner' }}
          >
            <Form.Item
              name="name"
              label={t('auth.name')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input data-testid="person-name" maxLength={100} />
            </Form.Item>
            <Form.Item name="role" label={t('people.role')}>
              <Select
                data-testid="person-role"
                options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="trainingUnit" label={t('people.trainingUnit')} style={{ flex: 1 }}>
                <Input data-testid="person-training-unit" maxLength={200} />
              </Form.Item>
              <Form.Item name="employer" label={t('people.employer')} style={{ flex: 1, marginLeft: 8 }}>
                <Input data-testid="person-employer" maxLength={200} />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="pin" label={t('auth.pin')} help={t('auth.pinHelp')} rules={[pinRule]}>
              <PinInput data-testid="person-pin" />
            </Form.Item>
          </Form>
        </Modal>
        <CorrectionModal<{ name: string; trainingUnit?: string; employer?: string }>
          open={!!correcting}
          title={t('people.correctTitle', { name: correcting?.name ?? '' })}
          hint={t('people.correctHint')}
          okText={t('common.save')}
          initialValues={correcting}
          onCancel={() => setCorrecting(undefined)}
          onSubmit={correct}
        >
          <Form.Item
            name="name"
            label={t('auth.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} data-testid="correct-name" />
          </Form.Item>
          <Form.Item name="trainingUnit" label={t('people.trainingUnit')}>
            <Input maxLength={200} data-testid="correct-training-unit" />
          </Form.Item>
          <Form.Item name="employer" label={t('people.employer')}>
            <Input maxLength={200} data-testid="correct-employer" />
          </Form.Item>
        </CorrectionModal>
        <CorrectionModal
          open={!!deactivating}
          title={t('people.deactivateTitle', { name: deactivating?.name ?? '' })}
          hint={t('people.deactivateHint')}
          okText={t('people.deactivate')}
          danger
          onCancel={() => setDeactivating(undefined)}
          onSubmit={deactivate}
        />
        <Modal
          title={pinFor && t('people.setPinTitle', { name: pinFor.name })}
          open={!!pinFor}
          onCancel={() => setPinFor(undefined)}
          onOk={() => pinForm.submit()}
          okText={t('common.save')}
          destroyOnHidden
        >
          <Form form={pinForm} layout="vertical" onFinish={savePin}>
            <Form.Item name="pin" label={t('auth.pin')} help={t('auth.pinHelp')} rules={[pinRule]}>
              <PinInput data-testid="set-pin" autoFocus />
            </Form.Item>
          </Form>
        </Modal>
      </Card>
      <PriorityGroupsCard />
    </Space>
  );
}
