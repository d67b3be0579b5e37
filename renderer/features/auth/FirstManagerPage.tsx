import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidPin } from '../../../shared/domain/lockout';
import { uuidV4 } from '../../../shared/ledger/ids';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { describeError } from '../../app/errors';
import { makeCredential } from '../../db/credentials';
import { database } from '../../db/database';
import { sealJournalUnderManagerPin } from '../../app/journal';
import { useAppStore } from '../../store';
import { draft } from '../../../shared/domain/events';

interface Values {
  name: string;
  pin: string;
  pinAgain: string;
}

/** After the site profile: the site manager registers themself and sets a PIN on this device. */
export function FirstManagerPage() {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    const { ledger, signIn } = useAppStore.getState();
    if (!ledger) return;
    setSaving(true);
    setFailure(undefined);
    try {
      const person = uuidV4();
      const name = values.name.trim();
      // The PIN and the person's event in one transaction: never a manager without a PIN, or a PIN without a person.
      await ledger.append(draft('person.registered', person, { person, name, role: 'manager' }), {
        credentials: [await makeCredential(person, values.pin)],
      });
      await sealJournalUnderManagerPin(values.pin, database());
      signIn({ person, name, role: 'manager' });
    } catch (error) {
      setFailure(describeError(error, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="centered-page">
      <Card style={{ width: 520, maxWidth: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Text type="secondary">{t('app.fullName')}</Typography.Text>
          <LanguageSwitch />
        </div>
        <Typography.Title level={3}>{t('auth.firstManagerTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.firstManagerIntro')}</Typography.Paragraph>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
        <Form<Values> layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="name"
            label={t('auth.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input data-testid="manager-name" autoFocus maxLength={100} />
          </Form.Item>
          <Form.Item
            name="pin"
            label={t('auth.pin')}
            help={t('auth.pinHelp')}
            rules={[
              {
                validator: (_, v: string) =>
                  isValidPin(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('auth.pinFormat'))),
              },
            ]}
          >
            <Input.Password data-testid="manager-pin" inputMode="numeric" autoComplete="off" maxLength={8} />
          </Form.Item>
          <Form.Item
            name="pinAgain"
            label={t('auth.pinAgain')}
            dependencies={['pin']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: string) =>
                  v === getFieldValue('pin') ? Promise.resolve() : Promise.reject(new Error(t('auth.pinMismatch'))),
              }),
            ]}
          >
            <Input.Password data-testid="manager-pin-again" inputMode="numeric" autoComplete="off" maxLength={8} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={saving} data-testid="manager-create">
            {t('auth.create')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
