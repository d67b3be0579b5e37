import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { checkPin } from '../../db/credentials';
import { useAppStore } from '../../store';
import { DemoBanner } from '../demo/DemoBanner';
import { PinInput } from './PinInput';
import { pinRefusal } from './pinMessage';

interface Values {
  person: string;
  pin: string;
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const site = useAppStore((s) => s.site);
  const profile = useAppStore((s) => s.settings.siteProfile);
  const signedOutBecause = useAppStore((s) => s.signedOutBecause);
  const [problem, setProblem] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [form] = Form.useForm<Values>();

  const people = useMemo(
    () => Object.values(site?.people ?? {}).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [site],
  );

  async function submit({ person, pin }: Values) {
    setChecking(true);
    setProblem(undefined);
    try {
      const result = await checkPin(person, pin ?? '');
      const who = site?.people[person];
      if (result.result !== 'ok') setProblem(pinRefusal(result, t, i18n.language));
      else if (who) useAppStore.getState().signIn({ person, name: who.name, role: who.role });
      form.setFieldValue('pin', '');
    } finally {
      setChecking(false);
    }
  }

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
