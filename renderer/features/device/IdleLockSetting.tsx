import { App, Card, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { useSetting } from '../../store/useSetting';

/** The site manager sets after how many idle minutes the app locks (0 never locks; not advised). */
export function IdleLockSetting() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [minutes, setMinutes] = useSetting('idleLockMinutes');
  const role = useAppStore((s) => s.user?.role);
  if (role !== 'manager') return null;

  async function change(value: number | null) {
    if (value === null || value < 1 || value > 240) return;
    await setMinutes(value);
    void message.success(t('common.saved'));
  }

  return (
    <Card title={t('device.idleLock')}>
      <Space>
        <InputNumber min={1} max={240} value={minutes} onChange={change} data-testid="idle-lock-minutes" />
        <Typography.Text>{t('device.idleLockUnit')}</Typography.Text>
      </Space>
    </Card>
  );
}
