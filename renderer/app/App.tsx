import { App as AntApp, ConfigProvider, Layout, Menu, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { DevicePage } from '../features/device/DevicePage';
import { HomePage } from '../features/home/HomePage';
import { SetupPage } from '../features/setup/SetupPage';
import { isPage, useAppStore, type Page } from '../store';
import { LanguageSwitch } from './LanguageSwitch';

const antLocales = { 'zh-CN': zhCNLocale, en: enUS } as const;

// System Chinese fonts first (Windows, macOS); the bundled Noto Sans SC where there is none.
const theme = {
  token: {
    colorPrimary: '#1d5fa8',
    fontSize: 15,
    fontFamily: "'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans SC', system-ui, sans-serif",
  },
};

export function App() {
  const language = useAppStore((s) => s.language);
  return (
    <ConfigProvider locale={antLocales[language]} theme={theme}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const siteProfile = useAppStore((s) => s.siteProfile);
  const page = useAppStore((s) => s.page);
  const navigate = useAppStore((s) => s.navigate);

  if (!siteProfile) return <SetupPage />;

  const pages: Record<Page, () => React.ReactNode> = {
    home: () => <HomePage />,
    device: () => <DevicePage />,
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#fff', borderBottom: '1px solid #e5e7eb' }}>
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          {t('app.name')} · {siteProfile.siteName}
        </Typography.Title>
        <Menu
          mode="horizontal"
          selectedKeys={[page]}
          onClick={({ key }) => isPage(key) && navigate(key)}
          style={{ flex: 1, borderBottom: 'none' }}
          items={[
            { key: 'home', label: t('nav.home') },
            { key: 'device', label: t('nav.device') },
          ]}
        />
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>{pages[page]()}</Layout.Content>
    </Layout>
  );
}
