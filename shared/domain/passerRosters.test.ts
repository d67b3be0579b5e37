import { describe, expect, it } from 'vitest';
import { closedDemoSession } from '../../test/support/closedSession';
import { passersTable, siteCertificates, subsidyLines, subsidyTable } from './passerRosters';
import { defaultPriorityGroups } from './priorityGroups';

describe('rosters after the day', () => {
  const { site, state, assignCertificates } = closedDemoSession(5);
  const passed = assignCertificates();

  it('合格人员花名册 lists every passer with the certificate number the district assigned', () => {
    const table = passersTable(state, site.session, siteCertificates(state));
    expect(table.rows).toHaveLength(passed.length);
    expect(table.rows[0]![1]).toBe('3710022026SD-JDHBB-00100001');
    expect(table.rows.every((row) => /^3710022026SD-JDHBB-001\d{5}$/.test(String(row[1])))).toBe(true);
  });

  it('补贴申领花名册 lists, by training unit, the passers in a priority group, the 代领协议 and the fee', () => {
    const lines = subsidyLines(state, [site.session], siteCertificates(state));
    const inGroups = passed.filter((r) => state.candidates[r.candidate]!.priorityGroups.length > 0);
    expect(lines).toHaveLength(inGroups.length);
    expect(lines.length).toBeGreaterThan(0);
    // Sorted by training unit; nobody outside a priority group.
    const units = lines.map((l) => l.trainingUnit);
    expect(units).toEqual([...units].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    const table = subsidyTable(state, [site.session], siteCertificates(state), {
      fee: 180,
      priorityGroups: defaultPriorityGroups,
    });
    expect(table.header).toEqual([
      '培训机构',
      '序号',
      '姓名',
      '证件号码',
      '考核项目',
      '就业重点群体',
      '证书编号',
      '代领协议',
      '考核鉴定费（元）',
    ]);
    expect(table.rows.every((row) => row[8] === 180 && String(row[6]).startsWith('3710022026'))).toBe(true);
    // Nobody signed in the roster or at the door in the demo: 未签 for all.
    expect(table.rows.every((row) => row[7] === '未签')).toBe(true);
    const groupNames = new Set(defaultPriorityGroups.map((g) => g.zh));
    expect(
      table.rows.every((row) =>
        String(row[5])
          .split('、')
          .every((g) => groupNames.has(g)),
      ),
    ).toBe(true);
  });
});
