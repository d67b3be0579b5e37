import { App, Card, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore, type SignedInUser } from '../../store';
import { useSetting } from '../../store/useSetting';

const roles: SignedInUser['role'][] = ['examiner', 'supervisor', 'manager'];

/**
 * The site manager sets after how many idle minutes the app locks, per role: examiners watching
 * a long practical get longer than the manager's desk (0 never locks; the screen offers 1–240).
 */
export function IdleLockSetting() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [minutes, setMinutes] = useSetting('idleLockMinutes');
  const role = useAppStore((s) => s.user?.role);
  if (role !== 'manager') return null;

  async function change(forRole: SignedInUser['role'], value: number | null) {
    if (value === null || value < 1 || value > 240) return;
    await setMinutes({ ...minutes, [forRole]: value });
    void message.success(t('common.saved'));
  }

  return (
    <Card title={t('device.idleLock')}>
      <Typography.Paragraph type="secondary">{t('device.idleLockHint')}</Typography.Paragraph>
      <Form layout="inline">
        {roles.map((r) => (
          <Form.Item key={r} label={t(`roles.${r}`)}>
            <InputNumber
              min={1}
              max={240}
              value={minutes[r]}
              onChange={(value) => change(r, value)}
              suffix={t('device.idleLockUnit')}
              aria-label={`${t(`roles.${r}`)} ${t('device.idleLock')}`}
              data-testid={`idle-lock-minutes-${r}`}
            />
          </Form.Item>
        ))}
      </Form>
    </Card>
  );
}
