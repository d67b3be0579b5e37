import { Alert, Card, Descriptions, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordCheck, RecordCode } from '../../../shared/domain/records';
import { formatPoints, sheetTotal, specOfSession } from '../../../shared/domain/scoring';
import type { SiteState } from '../../../shared/state/project';
import { useAppStore } from '../../store';
import { checkPaperRecord } from './printRecord';

type Checked = RecordCheck & { code?: RecordCode };

/**
 * "Check a paper record": the QR text from a printed record (a handheld scanner types it and
 * presses Enter; a person can type it) → whether it matches the signed data as it is now.
 */
export function CheckRecordPage() {
  const { t } = useTranslation();
  const site = useAppStore((s) => s.site)!;
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<Checked>();

  async function check(value: string) {
    if (!value.trim()) return;
    setChecked(await checkPaperRecord(site, value));
  }

  return (
    <Card title={t('records.checkTitle')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 820 }}>
        <Typography.Paragraph type="secondary">{t('records.checkHint')}</Typography.Paragraph>
        <Input.Search
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={check}
          enterButton={t('records.check')}
          placeholder="KD1|…"
          data-testid="record-code"
        />
        {checked && <Verdict checked={checked} site={site} />}
      </Space>
    </Card>
  );
}

function Verdict({ checked, site }: { checked: Checked; site: SiteState }) {
  const { t } = useTranslation();
  if (checked.verdict === 'no_match') {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="record-verdict"
        title={t('records.verdicts.no_match')}
        description={checked.problem ? t(`records.codeProblems.${checked.problem}`) : t('records.noMatchHint')}
      />
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type={checked.verdict === 'current' ? 'success' : 'warning'}
        showIcon
        data-testid="record-verdict"
        title={t(`records.verdicts.${checked.verdict}`)}
        description={checked.verdict === 'superseded' ? t('records.supersededHint') : undefined}
      />
      <RecordDetails code={checked.code!} site={site} />
    </Space>
  );
}

/** What the record is about, so the person can compare it with the paper in hand. */
function RecordDetails({ code, site }: { code: RecordCode; site: SiteState }) {
  const { t } = useTranslation();
  const items: { label: string; value: string }[] = [
    { label: t('records.record'), value: t(`records.kinds.${code.kind}`) },
  ];
  if (code.kind === 'sheet') {
    const sheet = site.sheets[code.subject]!;
    const candidate = site.candidates[sheet.candidate];
    const spec = specOfSession(site, sheet.session);
    items.push(
      { label: t('records.session'), value: site.sessions[sheet.session]?.name ?? '' },
      { label: t('roster.name'), value: `${candidate?.name ?? ''}（${candidate?.ticket ?? ''}）` },
      { label: t('roles.examiner'), value: site.people[sheet.examiner]?.name ?? '' },
      { label: t('scoring.total'), value: spec ? formatPoints(sheetTotal(spec, sheet.items)) : '' },
    );
  } else if (code.kind !== 'manifest') {
    const session = site.sessions[code.subject];
    items.push(
      { label: t('records.session'), value: session?.name ?? '' },
      { label: t('sessions.room'), value: session?.room ?? '' },
    );
  } else {
    items.push({ label: t('records.package'), value: code.subject });
  }
  if (code.hash) items.push({ label: t('records.eventHash'), value: code.hash });
  return (
    <Descriptions size="small" bordered column={1} data-testid="record-details">
      {items.map((item) => (
        <Descriptions.Item key={item.label} label={item.label}>
          {item.value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
