/**
 * 补录考生: one candidate entered by hand (a row the roster file lacked). The code lists are
 * selects — 证件类型, 民族 (the 56), 文化程度 (GB/T 4658), 就业重点群体 — and the entry goes
 * through the same row checks as a roster file (shared/domain/roster.ts), so nothing typed here
 * escapes a rule an import would apply.
 */
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { educationLevels, ethnicGroups } from '../../../shared/domain/codeLists';
import { draft, idTypes } from '../../../shared/domain/events';
import { checkRoster, rosterFields, type ColumnMapping, type RosterField } from '../../../shared/domain/roster';
import { uuidV4 } from '../../../shared/ledger/ids';
import type { SessionState } from '../../../shared/state/project';
import { useCommand } from '../../app/useCommand';
import { useAppStore } from '../../store';
import { useSetting } from '../../store/useSetting';
import { sessionCandidates } from '../sessions/selectors';

interface Values {
  ticket?: string;
  name: string;
  idType: (typeof idTypes)[number];
  idNumber: string;
  sex?: 'male' | 'female';
  birthDate?: Dayjs;
  ethnicGroup?: string;
  education?: string;
  mobile?: string;
  trainingUnit?: string;
  employer?: string;
  priorityGroups?: string[];
  attempt: 'first' | 'resit';
  agencyAgreement?: boolean;
}

/** Every roster field in its own column, in the order of `rosterFields`. */
const mapping: ColumnMapping = Object.fromEntries(rosterFields.map((field, i) => [field, i]));

export function AddCandidate({ session, open, onClose }: { session: SessionState; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site);
  const user = useAppStore((s) => s.user)!;
  const command = useCommand();
  const [priorityGroups] = useSetting('priorityGroups');
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const idType = Form.useWatch('idType', form);

  async function add(values: Values) {
    // The words a roster file would hold, so the file's checks judge them.
    const cells: Record<RosterField, string> = {
      ticket: values.ticket?.trim() ?? '',
      name: values.name.trim(),
      idType: values.idType,
      idNumber: values.idNumber.trim(),
      sex: values.sex ?? '',
      birthDate: values.birthDate?.format('YYYY-MM-DD') ?? '',
      ethnicGroup: values.ethnicGroup ?? '',
      education: values.education ?? '',
      mobile: values.mobile?.trim() ?? '',
      trainingUnit: values.trainingUnit?.trim() ?? '',
      employer: values.employer?.trim() ?? '',
      source: '',
      priorityGroups: (values.priorityGroups ?? []).join('、'),
      attempt: values.attempt,
      agencyAgreement: values.agencyAgreement ? '是' : '否',
    };
    const [checked] = checkRoster([rosterFields.map((field) => cells[field])], mapping, {
      existing: sessionCandidates(site, session.id),
      priorityGroups: priorityGroups ?? [],
      assessmentDate: session.startsAt.slice(0, 10),
      ticketPrefix: session.startsAt.slice(0, 10).replaceAll('-', ''),
    });
    if (!checked?.candidate) {
      setProblems(
        (checked?.errors ?? []).map((e) =>
          t(`rowErrors.${e.code}`, { ...e.params, field: e.field ? t(`roster.${e.field}`) : '' }),
        ),
      );
      return;
    }
    setProblems([]);
    const written = await command(
      draft('candidate.registered', user.person, { candidate: uuidV4(), session: session.id, ...checked.candidate }),
      t('roster.added', { name: checked.candidate.name, ticket: checked.candidate.ticket }),
    );
    if (written) {
      form.resetFields();
      onClose();
    }
  }

  const select = (options: string[]) => options.map((value) => ({ value, label: value }));
  return (
    <Modal
      open={open}
      title={t('roster.addTitle')}
      okText={t('roster.add')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'add-candidate-ok' }}
      width={640}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ idType: 'resident_id', attempt: 'first', ethnicGroup: '汉族' }}
        onFinish={(values) => void add(values)}
        style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}
      >
        <Form.Item name="name" label={t('roster.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="add-name" />
        </Form.Item>
        <Form.Item name="ticket" label={t('roster.ticket')} extra={t('roster.ticketOptional')}>
          <Input maxLength={40} data-testid="add-ticket" />
        </Form.Item>
        <Form.Item name="idType" label={t('roster.idType')}>
          <Select
            data-testid="add-id-type"
            options={idTypes.map((value) => ({ value, label: t(`roster.idTypes.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="idNumber" label={t('roster.idNumber')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} data-testid="add-id-number" />
        </Form.Item>
        {/* A resident ID says sex and birth date itself; another document needs them stated. */}
        {idType !== 'resident_id' && (
          <>
            <Form.Item name="sex" label={t('roster.sex')} rules={[{ required: true }]}>
              <Select
                data-testid="add-sex"
                options={(['male', 'female'] as const).map((value) => ({ value, label: t(`roster.sexes.${value}`) }))}
              />
            </Form.Item>
            <Form.Item name="birthDate" label={t('roster.birthDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} data-testid="add-birth-date" />
            </Form.Item>
          </>
        )}
        <Form.Item name="ethnicGroup" label={t('roster.ethnicGroup')}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={select(ethnicGroups)} data-testid="add-ethnic" />
        </Form.Item>
        <Form.Item name="education" label={t('roster.education')}>
          <Select allowClear options={select(Object.keys(educationLevels))} data-testid="add-education" />
        </Form.Item>
        <Form.Item name="mobile" label={t('roster.mobile')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="trainingUnit" label={t('roster.trainingUnit')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="employer" label={t('roster.employer')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="attempt" label={t('roster.attempt')}>
          <Select
            options={(['first', 'resit'] as const).map((value) => ({ value, label: t(`roster.attempts.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="priorityGroups" label={t('roster.priorityGroups')} style={{ gridColumn: '1 / 3' }}>
          <Select mode="multiple" options={(priorityGroups ?? []).map((g) => ({ value: g.zh, label: g.zh }))} />
        </Form.Item>
        <Form.Item name="agencyAgreement" valuePropName="checked" style={{ gridColumn: '1 / 3' }}>
          <Checkbox>{t('checkin.agreement')}</Checkbox>
        </Form.Item>
      </Form>
      {problems.length > 0 && (
        <Alert type="error" showIcon title={problems.join('；')} data-testid="add-candidate-problems" />
      )}
    </Modal>
  );
}
