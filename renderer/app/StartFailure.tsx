import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown, loudly, when the database cannot be opened: never a silent fresh start. */
export function StartFailure({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('app.startFailed')}
      subTitle={`${t('app.startFailedHint')} (${error instanceof Error ? error.message : String(error)})`}
    />
  );
}
