import { ConfigProvider, Progress, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { accessibleTokens } from '../../shared/uiPalette';

/**
 * Shown while a database made before schema 8 has its events moved into segments at start
 * (renderer/db/eventStore.ts): how far it has come, and that closing the app loses nothing.
 */
export function MigrationScreen({ moved, total }: { moved: number; total: number }) {
  const { t } = useTranslation();
  // Before the app's own provider exists: the same palette and fonts (the bundled Chinese font).
  return (
    <ConfigProvider theme={{ token: accessibleTokens }}>
      <Result
        status="info"
        title={t('app.migrating')}
        subTitle={t('app.migratingHint')}
        extra={
          <div style={{ maxWidth: 480, margin: '0 auto' }}>
            <Progress
              percent={Math.floor((moved / total) * 100)}
              aria-label={t('app.migrating')}
              data-testid="migration-progress"
            />
            <div>{t('app.migratingCount', { moved: moved.toLocaleString(), total: total.toLocaleString() })}</div>
          </div>
        }
      />
    </ConfigProvider>
  );
}
