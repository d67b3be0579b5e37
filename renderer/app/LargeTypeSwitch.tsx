import { Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSetting } from '../store/useSetting';

/** 大字号: larger type on every screen of this device, remembered. */
export function LargeTypeSwitch() {
  const { t } = useTranslation();
  const [largeType, setLargeType] = useSetting('largeType');
  return (
    <label style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
      <Switch checked={largeType} onChange={(on) => void setLargeType(on)} data-testid="large-type" />
      <Typography.Text>{t('nav.largeType')}</Typography.Text>
    </label>
  );
}
