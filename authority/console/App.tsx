/**
 * The console: who is logged in decides what shows — the login page, the initial password's
 * change, or the screens (the menu hides what the role cannot do; the server refuses it anyway).
 */
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  ConfigProvider,
  Form,
  Input,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getSession, post, type Session } from './api';
import { switchLanguage } from './i18n';
import { consoleTheme } from './theme';
import { describeError, useAction } from './useApi';
import { Overview } from './pages/Overview';
import { Sites } from './pages/Sites';
import { SyncRecord } from './pages/SyncRecord';
import { Quarantine } from './pages/Quarantine';
import { Plans } from './pages/Plans';
import { Results } from './pages/Results';
import { AuditLog } from './pages/AuditLog';
import { Operators } from './pages/Operators';

const screens = {
  overview: Overview,
  sites: Sites,
  sync: SyncRecord,
  quarantine: Quarantine,
  plans: Plans,
  results: Results,
  audit: AuditLog,
  operators: Operators,
} as const;
type Screen = keyof typeof screens;

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={consoleTheme}>
      <AntApp>
        <Console />
      </AntApp>
    </ConfigProvider>
  );
}

function Console() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>();
  const [failure, setFailure] = useState<unknown>();
  const refresh = useCallback(() => {
    getSession().then(setSession, setFailure);
  }, []);
  useEffect(refresh, [refresh]);

  if (failure) return <Alert type="error" showIcon title={describeError(failure, t)} style={{ margin: 48 }} />;
  if (!session) return <Spin style={{ margin: 96, display: 'block' }} />;
  if (!session.login) return <Login onLoggedIn={refresh} />;
  if (session.mustChange)
    return (
      <Centered>
        <ChangePassword firstTime onChanged={refresh} />
      </Centered>
    );
  return <Shell session={session} onLoggedOut={refresh} />;
}

function Centered({ children }: { children: React.ReactNode }) {
  return <div style={{ maxWidth: 420, margin: '10vh auto', padding: 16 }}>{children}</div>;
}

function LanguageButton() {
  const { t, i18n } = useTranslation();
  return (
    <Button
      type="link"
      onClick={() => {
        const next = i18n.language === 'en' ? 'zh-CN' : 'en';
        localStorage.setItem('kaodian.console.language', next);
        void switchLanguage(next);
      }}
    >
      {t('app.language')}
    </Button>
  );
}

function Login({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { login: string; password: string }) => {
    setBusy(true);
    try {
      await post('/login', values);
      onLoggedIn();
    } catch (reason) {
      setError(describeError(reason, t));
      // A failed login leaves the token as it was; a fresh one for the next try all the same.
      await getSession().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Centered>
      <Card
        title={
          <Space orientation="vertical" size={0}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </Space>
        }
        extra={<LanguageButton />}
      >
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="login" label={t('login.login')} rules={[{ required: true, message: t('plans.required') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('plans.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('login.hint')}
        </Typography.Paragraph>
      </Card>
    </Centered>
  );
}

export function ChangePassword({ firstTime = false, onChanged }: { firstTime?: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const act = useAction();
  const [form] = Form.useForm<{ current: string; next: string; again: string }>();
  const submit = async (values: { current: string; next: string }) => {
    const done = await act(
      () => post('/password', { current: values.current, next: values.next }),
      () => t('password.changed'),
    );
    if (done) {
      form.resetFields();
      onChanged();
    }
  };
  return (
    <Card title={t('password.title')}>
      {firstTime && <Alert type="info" showIcon title={t('password.firstTime')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="current"
          label={t('password.current')}
          rules={[{ required: true, message: t('plans.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="next"
          label={t('password.next')}
          rules={[{ required: true, min: 12, message: t('errors.too_short') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t('password.again')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('plans.required') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                value === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Shell({ session, onLoggedOut }: { session: Session; onLoggedOut: () => void }) {
  const { t } = useTranslation();
  const act = useAction();
  const [screen, setScreen] = useState<Screen>('overview');
  // Each menu click shows the screen afresh (its data read again), even the one already open.
  const [visit, setVisit] = useState(0);
  const Page = screens[screen];
  const role = session.role!;
  const items = (Object.keys(screens) as Screen[]).map((key) => ({ key, label: t(`menu.${key}`) }));
  const logout = async (path: '/logout' | '/logout-everywhere') => {
    await act(() => post(path));
    onLoggedOut();
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ padding: '16px 20px', fontWeight: 600 }}>{t('app.title')}</div>
        <Menu
          mode="inline"
          selectedKeys={[screen]}
          items={items}
          onClick={({ key }) => {
            setScreen(key as Screen);
            setVisit((n) => n + 1);
          }}
          aria-label={t('app.title')}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 8 }}
        >
          <Typography.Text strong>{session.login}</Typography.Text>
          <Tag color={role === 'admin' ? 'red' : role === 'operator' ? 'blue' : 'default'}>
            {t(`app.roles.${role}`)}
          </Tag>
          <LanguageButton />
          <Button onClick={() => void logout('/logout-everywhere')}>{t('app.logoutEverywhere')}</Button>
          <Button onClick={() => void logout('/logout')}>{t('app.logout')}</Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {role === 'auditor' && <Alert type="info" showIcon title={t('app.readOnly')} style={{ marginBottom: 16 }} />}
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            {t(`menu.${screen}`)}
          </Typography.Title>
          <Page key={visit} role={role} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
