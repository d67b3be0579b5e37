import { App as AntApp, Badge, Button, ConfigProvider, Layout, Menu, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect, useMemo } from 'react';
import { disputesToArbitrate } from '../../shared/domain/scoring';
import { useTranslation } from 'react-i18next';
import { FirstManagerPage } from '../features/auth/FirstManagerPage';
import { LoginPage } from '../features/auth/LoginPage';
import { useIdleLock } from '../features/auth/useIdleLock';
import { DemoBanner } from '../features/demo/DemoBanner';
import { DevicePage } from '../features/device/DevicePage';
import { HomePage } from '../features/home/HomePage';
import { PeoplePage } from '../features/people/PeoplePage';
import { CheckRecordPage } from '../features/print/CheckRecordPage';
import { ScoringPage } from '../features/scoring/ScoringPage';
import { SessionsPage } from '../features/sessions/SessionsPage';
import { SupervisionPage } from '../features/supervision/SupervisionPage';
import { SetupPage } from '../features/setup/SetupPage';
import { SpecsPage } from '../features/specs/SpecsPage';
import { SyncPage } from '../features/sync/SyncPage';
import { useAutoSync } from '../features/sync/useAutoSync';
import { isPage, useAppStore, type Page, type SignedInUser } from '../store';
import { LanguageSwitch } from './LanguageSwitch';
import { LargeTypeSwitch } from './LargeTypeSwitch';
import { LossAlarmPage } from './LossAlarmPage';

import { accessibleTokens } from '../../shared/uiPalette';

const antLocales = { 'zh-CN': zhCNLocale, en: enUS } as const;

// Larger type scales every antd component from the one base size (checked at 1366×768 in e2e);
// the palette is the accessible one both web interfaces share.
const themeFor = (largeType: boolean) => ({
  token: { ...accessibleTokens, fontSize: largeType ? 18 : 15 },
});

/** Marks the first painted, interactive screen (the start-up benchmark reads it: bench/run.ts). */
export const interactiveMark = 'kaodian:interactive';

export function App() {
  const language = useAppStore((s) => s.settings.language);
  const largeType = useAppStore((s) => s.settings.largeType);
  const theme = useMemo(() => themeFor(largeType), [largeType]);
  useEffect(() => {
    // After the commit, the next frame is the first painted one; the mark goes just after it.
    requestAnimationFrame(() => setTimeout(() => performance.mark(interactiveMark), 0));
  }, []);
  return (
    <ConfigProvider locale={antLocales[language]} theme={theme}>
      <AntApp>
        <Gate />
      </AntApp>
    </ConfigProvider>
  );
}

/** Which screen the device is at: set-up, the first manager, sign-in, or the app. */
function Gate() {
  const lossAlarm = useAppStore((s) => s.lossAlarm);
  if (lossAlarm) return <LossAlarmPage alarm={lossAlarm} />;
  return <SiteGate />;
}

function SiteGate() {
  const { t } = useTranslation();
  const siteProfile = useAppStore((s) => s.settings.siteProfile);
  const hasPeople = useAppStore((s) => Object.keys(s.site?.people ?? s.peopleAtStart ?? {}).length > 0);
  const loaded = useAppStore((s) => s.site !== undefined);
  const user = useAppStore((s) => s.user);
  const idleMinutes = useAppStore((s) => (s.user ? s.settings.idleLockMinutes[s.user.role] : 0));
  useIdleLock(idleMinutes);
  // Sync needs no one signed in: records travel while the screen is locked, too.
  useAutoSync();
  if (!siteProfile) return <SetupPage />;
  if (!hasPeople) return <FirstManagerPage />;
  if (!user) return <LoginPage />;
  // Signed in before the ledger finished loading behind the sign-in screen: a moment more.
  if (!loaded) return <Spin fullscreen description={t('app.loading')} />;
  return <Shell user={user} />;
}

/** What each role's menu offers; the domain rules guard the actions behind them as well. */
const pagesFor: Record<SignedInUser['role'], Page[]> = {
  manager: ['home', 'sessions', 'people', 'specs', 'sync', 'records', 'device'],
  examiner: ['home', 'scoring', 'device'],
  supervisor: ['home', 'supervision', 'records', 'device'],
};

function Shell({ user }: { user: SignedInUser }) {
  const { t } = useTranslation();
  const siteProfile = useAppStore((s) => s.settings.siteProfile)!;
  const page = useAppStore((s) => s.page);
  const navigate = useAppStore((s) => s.navigate);
  const allowed = pagesFor[user.role];
  const current = allowed.includes(page) ? page : 'home';
  const site = useAppStore((s) => s.site);
  // A group leader sees at once that a discrepancy waits for them (only leaders have any).
  const disputes = useMemo(
    () => (user.role === 'examiner' && site ? disputesToArbitrate(site, user.person).length : 0),
    [site, user],
  );

  const pages: Record<Page, () => React.ReactNode> = {
    home: () => <HomePage />,
    scoring: () => <ScoringPage />,
    supervision: () => <SupervisionPage />,
    sessions: () => <SessionsPage />,
    people: () => <PeoplePage />,
    specs: () => <SpecsPage />,
    sync: () => <SyncPage />,
    records: () => <CheckRecordPage />,
    device: () => <DevicePage />,
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          background: '#fff',
          borderBottom: '1px solid #e5e7eb',
          paddingInline: 24,
        }}
      >
        <Typography.Title
          level={4}
          style={{ margin: 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', flex: 1 }}
        >
          {t('app.name')} · {siteProfile.siteName}
        </Typography.Title>
        <Space>
          <Typography.Text data-testid="signed-in-as">
            {t('auth.signedInAs', { name: user.name, role: t(`roles.${user.role}`) })}
          </Typography.Text>
          <LargeTypeSwitch />
          <LanguageSwitch />
          <Button data-testid="sign-out" onClick={() => useAppStore.getState().signOut()}>
            {t('auth.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={190} theme="light" style={{ borderRight: '1px solid #e5e7eb' }}>
          <Menu
            mode="inline"
            selectedKeys={[current]}
            onClick={({ key }) => isPage(key) && navigate(key)}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            items={allowed.map((key) => ({
              key,
              label:
                key === 'scoring' && disputes > 0 ? (
                  <Badge
                    count={disputes}
                    offset={[12, 0]}
                    title={t('scoring.disputesBadge', { count: disputes })}
                    data-testid="scoring-badge"
                  >
                    {t(`nav.${key}`)}
                  </Badge>
                ) : (
                  t(`nav.${key}`)
                ),
            }))}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, maxWidth: 1360, width: '100%', margin: '0 auto' }}>
          <DemoBanner withPins={false} />
          {pages[current]()}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
