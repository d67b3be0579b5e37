import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canonicalBytes } from '../../../shared/ledger/canonical';
import { formatTime, localOffsetMinutes } from '../../../shared/ledger/ids';
import { fingerprint, decodePublicKey } from '../../../shared/ledger/signing';
import type { EnrollReply } from '../../../shared/sync/schemas';
import { useCommand } from '../../app/useCommand';
import { suggestedAuthorityUrl } from '../../db/settings';
import { enrollOnline } from '../../sync/online';
import { platform } from '../../platform';
import { useAppStore } from '../../store';
import { changeSetting } from '../../store/useSetting';
import { makeRequest, readReply } from './enrollment';
import { describeError } from '../../app/errors';
import { draft } from '../../../shared/domain/events';
import { districtAddressRule } from '../sync/districtAddress';

/** Enrolment of this device with the district authority, by files carried on USB. */
export function EnrollmentCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const enrollment = useAppStore((s) => s.settings.enrollment);
  const profile = useAppStore((s) => s.settings.siteProfile)!;
  const user = useAppStore((s) => s.user);
  const command = useCommand();
  const [pending, setPending] = useState<{ reply: EnrollReply; fingerprint: string }>();
  const [failure, setFailure] = useState<string>();
  const [pendingUrl, setPendingUrl] = useState<string>();
  const [form] = Form.useForm<{ code: string; name: string; address?: string }>();

  if (enrollment) {
    return (
      <Card title={t('enrollment.title')} data-testid="enrollment-card">
        <Descriptions column={1} bordered size="middle">
          <Descriptions.Item label={t('enrollment.status')}>
            <Typography.Text type="success" data-testid="enrollment-status">
              {t('enrollment.enrolled')}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('enrollment.authority')}>{enrollment.authority}</Descriptions.Item>
          <Descriptions.Item label={t('enrollment.authorityFingerprint')}>
            <Typography.Text code data-testid="authority-fingerprint">
              {fingerprint(decodePublicKey(enrollment.authorityPub)!)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
    );
  }
  if (user?.role !== 'manager') return null;

  async function request({ code, name }: { code: string; name: string }) {
    setFailure(undefined);
    const doc = await makeRequest(code, name, profile.siteCode);
    await platform().saveFile({
      suggestedName: `enroll-${doc.device}.json`,
      mimeType: 'application/json',
      bytes: canonicalBytes(doc) as Uint8Array<ArrayBuffer>,
    });
    void message.success(t('enrollment.requestSaved'));
  }

  async function enrollNow({ code, name, address }: { code: string; name: string; address?: string }) {
    setFailure(undefined);
    const base = (address ?? suggestedAuthorityUrl).trim().replace(/\/+$/, '');
    try {
      const reply = await enrollOnline(base, await makeRequest(code, name, profile.siteCode));
      const identity = useAppStore.getState().identity!;
      if (reply.device !== identity.device || reply.deviceKid !== identity.kid)
        return setFailure(t('enrollment.replyForAnotherDevice'));
      setPendingUrl(base);
      setPending({ reply, fingerprint: fingerprint(decodePublicKey(reply.authorityPub)!) });
    } catch (error) {
      setFailure(describeError(error, t));
    }
  }

  async function importReply() {
    setFailure(undefined);
    const file = await platform().openFile({ extensions: ['json'] });
    if (!file) return;
    try {
      setPending(await readReply(file.bytes));
    } catch (error) {
      setFailure(describeError(error, t));
    }
  }

  async function pin() {
    if (!pending) return;
    const { reply } = pending;
    const now = Date.now();
    const enrollment = {
      authority: reply.authority,
      authorityKid: reply.kid,
      authorityPub: reply.authorityPub,
      cert: reply,
      pinnedAt: formatTime(now, localOffsetMinutes(now)),
    };
    await changeSetting('enrollment', enrollment);
    if (pendingUrl) await changeSetting('authorityUrl', pendingUrl);
    await command(
      draft('device.enrolled', 'device', {
        device: reply.device,
        kid: reply.deviceKid,
        authority: reply.authority,
        authorityKid: reply.kid,
      }),
      t('enrollment.pinned'),
    );
    setPending(undefined);
  }

  return (
    <Card title={t('enrollment.title')} data-testid="enrollment-card">
      <Typography.Paragraph type="secondary">{t('enrollment.intro')}</Typography.Paragraph>
      {failure && (
        <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="enrollment-error" />
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={request}
        initialValues={{ name: `${profile.siteName} 考务机`, address: suggestedAuthorityUrl }}
      >
        <Form.Item
          name="code"
          label={t('enrollment.code')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input data-testid="enroll-code" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('enrollment.deviceName')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input style={{ width: 280 }} maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('sync.address')} rules={[districtAddressRule(t)]}>
          <Input style={{ width: 240 }} data-testid="enroll-address" />
        </Form.Item>
        <Space wrap>
          <Button
            type="primary"
            onClick={() => form.validateFields().then(enrollNow, () => undefined)}
            data-testid="enroll-online"
          >
            {t('enrollment.online')}
          </Button>
          <Button htmlType="submit" data-testid="enroll-request">
            {t('enrollment.makeRequest')}
          </Button>
          <Button onClick={importReply} data-testid="enroll-import-reply">
            {t('enrollment.importReply')}
          </Button>
        </Space>
      </Form>
      <Modal
        open={!!pending}
        title={t('enrollment.confirmTitle')}
        onCancel={() => setPending(undefined)}
        onOk={pin}
        okText={t('enrollment.confirmPin')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'enroll-confirm' }}
      >
        <Typography.Paragraph>
          {t('enrollment.confirmText', { authority: pending?.reply.authority })}
        </Typography.Paragraph>
        <Typography.Title level={4} code data-testid="pending-fingerprint">
          {pending?.fingerprint}
        </Typography.Title>
      </Modal>
    </Card>
  );
}
