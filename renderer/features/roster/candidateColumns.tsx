/** The columns every candidate table starts with: who the candidate is, as the roster says. */
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { idTypes } from '../../../shared/domain/events';

export function candidateIdentityColumns<
  T extends { ticket: string; name: string; idNumber: string; idType?: (typeof idTypes)[number] },
>(t: TFunction): TableColumnsType<T> {
  return [
    { title: t('roster.ticket'), dataIndex: 'ticket', width: 140 },
    { title: t('roster.name'), dataIndex: 'name', width: 100 },
    {
      title: t('roster.idNumber'),
      dataIndex: 'idNumber',
      width: 190,
      // A document other than the resident ID card is named: its number has no check character.
      render: (idNumber: string, c) =>
        c.idType && c.idType !== 'resident_id' ? `${idNumber}（${t(`roster.idTypes.${c.idType}`)}）` : idNumber,
    },
  ];
}
