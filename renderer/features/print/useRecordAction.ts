/**
 * A record's print, save or export behind a button: which button is busy, the failure in words
 * (a browser without a PDF viewer told what to do instead), and a success message.
 */
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';
import { isNoPdfViewer } from './printRecord';

export type RecordAction = (key: string, work: () => Promise<boolean>, done: string) => Promise<void>;

export function useRecordAction(): { busy?: string; failure?: string; run: RecordAction } {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const run: RecordAction = async (key, work, done) => {
    setFailure(undefined);
    setBusy(key);
    try {
      if (await work()) void message.success(done);
    } catch (error) {
      setFailure(isNoPdfViewer(error) ? t('records.noPdfViewer') : describeError(error, t));
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, failure, run };
}
