/** The columns every candidate table starts with: who the candidate is, as the roster says. */
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';

export function candidateIdentityColumns<T extends { ticket: string; name: string; idNumber: string }>(
  t: TFunction,
): TableColumnsType<T> {
  return [
    { title: t('roster.ticket'), dataIndex: 'ticket', width: 140 },
    { title: t('roster.name'), dataIndex: 'name', width: 100 },
    { title: t('roster.idNumber'), dataIndex: 'idNumber', width: 190 },
  ];
}
