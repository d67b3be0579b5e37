import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Ed25519UnsupportedError } from '../crypto/webCrypto';
import { describeError } from './errors';

/** Shown, loudly, when the database cannot be opened: never a silent fresh start. */
export function StartFailure({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('app.startFailed')}
      subTitle={
        error instanceof Ed25519UnsupportedError
          ? t('app.ed25519Missing')
          : `${t('app.startFailedHint')} (${describeError(error, t)})`
      }
    />
  );
}
