import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { demoPins } from './loadDemoSite';
import { useAppStore } from '../../store';

/** Shown wherever demo data is on screen, so nobody takes it for a real assessment. */
export function DemoBanner({ withPins = true }: { withPins?: boolean }) {
  const { t } = useTranslation();
  const isDemo = useAppStore((s) => s.settings.isDemo);
  // The whole site: it is a new object after every change, while a collection is changed in place.
  const people = useAppStore((s) => s.site)?.people;
  if (!isDemo) return null;
  const pins = withPins
    ? Object.values(people ?? {})
        .map((p) => `${p.name}（${t(`roles.${p.role}`)}）${demoPins[p.role]}`)
        .join('，')
    : '';
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="demo-banner"
      style={{ marginBottom: 16 }}
      title={t('demo.banner')}
      description={withPins ? `${t('demo.pins')}${pins}` : undefined}
    />
  );
}
