import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { siteProfileSchema, type SiteProfile } from '../../../shared/domain/site';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { changeSetting } from '../../store/useSetting';
import { useAppStore } from '../../store';
import { loadDemoSite } from '../demo/loadDemoSite';
import { describeError } from '../../app/errors';

type FieldErrors = Partial<Record<keyof SiteProfile, string>>;

/** First start: the site profile and the UI language, kept on this device. */
export function SetupPage() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.settings.language);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();

  const [loadingDemo, setLoadingDemo] = useState(false);

  async function loadDemo() {
    setLoadingDemo(true);
    setFailure(undefined);
    try {
      await changeSetting('language', language);
      await loadDemoSite();
    } catch (error) {
      setFailure(t('setup.saveFailed', { message: describeError(error, t) }));
    } finally {
      setLoadingDemo(false);
    }
  }

  async function submit(values: SiteProfile) {
    const parsed = siteProfileSchema.safeParse(values);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'siteCode' || field === 'siteName' || field === 'district')
          next[field] ??= t(`validation.${issue.message}`);
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setSaving(true);
    setFailure(undefined);
    try {
      await changeSetting('language', language);
      await changeSetting('siteProfile', parsed.data);
    } catch (error) {
      setFailure(t('setup.saveFailed', { message: describeError(error, t) }));
    } finally {
      setSaving(false);
    }
  }

  const status = (field: keyof SiteProfile) => (errors[field] ? 'error' : undefined);

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f5f8', padding: 24 }}>
      <Card style={{ width: 560, maxWidth: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('app.fullName')}</Typography.Text>
          <LanguageSwitch persist={false} />
        </div>
        <Typography.Title level={3}>{t('setup.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
        <Form<SiteProfile> layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item
            label={t('setup.siteCode')}
            name="siteCode"
            validateStatus={status('siteCode')}
            help={errors.siteCode ?? t('setup.siteCodeHelp')}
          >
            <Input data-testid="site-code" autoFocus autoComplete="off" />
          </Form.Item>
          <Form.Item
            label={t('setup.siteName')}
            name="siteName"
            validateStatus={status('siteName')}
            help={errors.siteName}
          >
            <Input data-testid="site-name" placeholder={t('setup.siteNamePlaceholder')} autoComplete="off" />
          </Form.Item>
          <Form.Item
            label={t('setup.district')}
            name="district"
            validateStatus={status('district')}
            help={errors.district}
          >
            <Input data-testid="district" placeholder={t('setup.districtPlaceholder')} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={saving} data-testid="setup-submit">
            {saving ? t('setup.saving') : t('setup.submit')}
          </Button>
        </Form>
        <Divider />
        <Typography.Paragraph type="secondary">{t('demo.loadHint')}</Typography.Paragraph>
        <Button block onClick={loadDemo} loading={loadingDemo} data-testid="load-demo">
          {loadingDemo ? t('demo.loading') : t('demo.load')}
        </Button>
      </Card>
    </div>
  );
}
