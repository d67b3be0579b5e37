import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { uiLanguages, type UiLanguage } from '../../shared/domain/site';
import { changeUiLanguage } from '../i18n';
import { useAppStore } from '../store';
import { changeSetting } from '../store/useSetting';

/** Switches the UI language and remembers the choice on this device. */
export function LanguageSwitch({ persist = true }: { persist?: boolean }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.settings.language);

  async function choose(next: UiLanguage) {
    await changeUiLanguage(next);
    if (persist) await changeSetting('language', next);
    else useAppStore.getState().setSettings({ language: next });
  }

  return (
    <Select<UiLanguage>
      aria-label={t('nav.language')}
      data-testid="language-switch"
      value={language}
      onChange={choose}
      style={{ width: 130 }}
      options={uiLanguages.map((value) => ({ value, label: t(`language.${value}`) }))}
    />
  );
}
