/** The columns every device table of the console shows: site, name, last contact, how far, state. */
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { DeviceRow } from './api';

export function deviceColumns(t: TFunction) {
  return {
    site: { title: t('devices.site'), dataIndex: 'site' },
    name: { title: t('devices.name'), dataIndex: 'name' },
    lastSeen: {
      title: t('devices.lastSeen'),
      dataIndex: 'lastSeen',
      render: (v: DeviceRow['lastSeen']) => v ?? t('devices.never'),
    },
    through: { title: t('devices.through'), dataIndex: 'through' },
    state: {
      title: t('devices.state'),
      dataIndex: 'revoked',
      render: (revoked: boolean) =>
        revoked ? <Tag color="red">{t('devices.revoked')}</Tag> : <Tag color="green">{t('devices.active')}</Tag>,
    },
  };
}
