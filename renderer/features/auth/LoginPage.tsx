import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { isValidPin } from '../../../shared/domain/lockout';
import { checkPin, isCurrentPin, setPin } from '../../db/credentials';
import { database } from '../../db/database';
import { sealJournalUnderManagerPin } from '../../app/journal';
import { useAppStore } from '../../store';
import { DemoBanner } from '../demo/DemoBanner';
import { PinInput } from './PinInput';
import { pinRefusal } from './pinMessage';

interface Values {
  person: string;
  pin: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  // The people alone: shown from what was stored while the rest of the ledger loads (app/boot.ts).
  const stored = useAppStore((s) => s.site?.people ?? s.peopleAtStart);
  const profile = useAppStore((s) => s.settings.siteProfile);
  const signedOutBecause = useAppStore((s) => s.signedOutBecause);
  const [problem, setProblem] = useState<string>();
  const [checking, setChecking] = useState(false);
  /** Signed in with a PIN someone else set: the person chooses their own before anything else. */
  const [choosing, setChoosing] = useState<string>();
  const [form] = Form.useForm<Values>();
  const [ownPinForm] = Form.useForm<{ pin: string; again: string }>();

  const people = useMemo(
    () =>
      Object.values(stored ?? {})
        .filter((p) => !p.deactivated)
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [stored],
  );

  async function submit({ person, pin }: Values) {
    setChecking(true);
    setProblem(undefined);
    try {
      const result = await checkPin(person, pin ?? '');
      const who = stored?.[person];
      if (result.result === 'must_change') setChoosing(person);
      else if (result.result !== 'ok') setProblem(pinRefusal(result, t));
      else if (who) {
        // Not awaited: sealing a journal written before (all its events, once) must not hold up sign-in.
        if (who.role === 'manager') void sealJournalUnderManagerPin(pin, database());
        useAppStore.getState().signIn({ person, name: who.name, role: who.role });
      }
      form.setFieldValue('pin', '');
    } finally {
      setChecking(false);
    }
  }

  async function chooseOwnPin({ pin }: { pin: string }) {
    const who = choosing ? stored?.[choosing] : undefined;
    if (!choosing || !who) return;
    setChecking(true);
    try {
      if (await isCurrentPin(choosing, pin)) {
        ownPinForm.setFields([{ name: 'pin', errors: [t('auth.notTheOneTimePin')] }]);
        return;
      }
      await setPin(choosing, pin);
      if (who.role === 'manager') await sealJournalUnderManagerPin(pin, database(), true);
      setChoosing(undefined);
      ownPinForm.resetFields();
      useAppStore.getState().signIn({ person: choosing, name: who.name, role: who.role });
    } finally {
      setChecking(false);
    }
  }

  if (choosing)
    return (
      <div className="centered-page">
        <Card style={{ width: 480, maxWidth: '100%' }} data-testid="choose-own-pin">
          <Typography.Title level={3}>{t('auth.chooseOwnTitle')}</Typography.Title>
          <Typography.Paragraph>
            {t('auth.chooseOwnIntro', { name: stored?.[choosing]?.name ?? '' })}
          </Typography.Paragraph>
          <Form form={ownPinForm} layout="vertical" size="large" onFinish={chooseOwnPin} requiredMark={false}>
            <Form.Item
              name="pin"
              label={t('auth.newPin')}
              rules={[
                {
                  validator: (_, v: string) =>
                    isValidPin(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('auth.pinFormat'))),
                },
              ]}
            >
              <PinInput data-testid="own-pin" />
            </Form.Item>
            <Form.Item
              name="again"
              label={t('auth.pinAgain')}
              dependencies={['pin']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: string) =>
                    v === getFieldValue('pin') ? Promise.resolve() : Promise.reject(new Error(t('auth.pinMismatch'))),
                }),
              ]}
            >
              <PinInput data-testid="own-pin-again" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={checking} data-testid="own-pin-save">
              {t('auth.chooseOwnSave')}
            </Button>
            <Button type="link" block onClick={() => setChoosing(undefined)}>
              {t('common.cancel')}
            </Button>
          </Form>
        </Card>
      </div>
    );

  return (
    <div className="centered-page">
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <DemoBanner />
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Text type="secondary">
            {t('app.name')} · {profile?.siteName}
          </Typography.Text>
          <LanguageSwitch />
        </div>
        <Typography.Title level={3}>{t('auth.loginTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.loginIntro')}</Typography.Paragraph>
        {signedOutBecause === 'idle' && !problem && (
          <Alert type="info" showIcon title={t('auth.idleLocked')} style={{ marginBottom: 16 }} />
        )}
        {problem && (
          <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="login-problem" />
        )}
        <Form<Values> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item name="person" label={t('auth.person')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              data-testid="login-person"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('auth.personPlaceholder')}
              options={people.map((p) => ({ value: p.person, label: `${p.name}（${t(`roles.${p.role}`)}）` }))}
            />
          </Form.Item>
          <Form.Item name="pin" label={t('auth.pin')} rules={[{ required: true, message: t('common.required') }]}>
            <PinInput data-testid="login-pin" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={checking} data-testid="login-submit">
            {checking ? t('auth.checking') : t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
