/**
 * Operators (issue 17, first part): passwords hashed with scrypt and verified in constant time;
 * `operator add` prints a one-time initial password on its last line, refuses a taken login, a
 * bad login or role; `operator list` and `operator disable`; every change is an audit row. On
 * both engines.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { addOperator, changePassword, checkLogin, hashPassword, verifyPassword } from './operators';
import { openStore } from './store';
import { runCli } from '../test/support/authorityCli';
import { engines, testStore, useEngineForCli } from '../test/support/engines';

describe('operator passwords', () => {
  it('are hashed with scrypt, salted, and verified only by the right password', async () => {
    const hash = await hashPassword('正确的口令 correct');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await hashPassword('正确的口令 correct')).not.toBe(hash);
    expect(await verifyPassword('正确的口令 correct', hash)).toBe(true);
    expect(await verifyPassword('正确的口令 correcT', hash)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });
});

describe.each(engines)('operators on %s', (engine) => {
  beforeEach(() => useEngineForCli(engine));
  afterAll(() => useEngineForCli('sqlite'));

  it('are added with a one-time password, listed, disabled, and each change is audited', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'authority-operators-'));
    const added = await runCli(['operator', 'add', 'wang.li', '--role', 'admin', '--data', data]);
    expect(added.code).toBe(0);
    const password = added.lines.at(-1)!;
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect((await runCli(['operator', 'add', 'wang.li', '--role', 'auditor', '--data', data])).lines.at(-1)).toMatch(
      /^REFUSED exists/,
    );
    expect((await runCli(['operator', 'add', 'zhao', '--role', 'root', '--data', data])).lines.at(-1)).toMatch(
      /^REFUSED bad_role/,
    );
    expect((await runCli(['operator', 'add', 'Bad Login', '--role', 'admin', '--data', data])).code).toBe(2);
    expect((await runCli(['operator', 'add', 'zhao', '--role', 'auditor', '--data', data])).code).toBe(0);
    expect((await runCli(['operator', 'list', '--data', data])).lines.map((l) => l.split('\t').slice(0, 3))).toEqual([
      ['wang.li', 'admin', 'initial password'],
      ['zhao', 'auditor', 'initial password'],
    ]);
    expect((await runCli(['operator', 'disable', 'zhao', '--data', data])).code).toBe(0);
    expect((await runCli(['operator', 'disable', 'zhao', '--data', data])).code).toBe(1);

    const store = await openStore(process.env.KAODIAN_DB ?? data);
    const wang = await store.getOperator.get('wang.li');
    expect(wang?.password_hash).not.toContain(password);
    expect(await verifyPassword(password, wang!.password_hash)).toBe(true);
    expect((await store.getOperator.get('zhao'))?.disabled_at).not.toBeNull();
    expect((await store.auditTrail.all()).map(({ login, action, detail }) => [login, action, detail])).toEqual([
      ['cli', 'operator.added', 'wang.li (admin)'],
      ['cli', 'operator.added', 'zhao (auditor)'],
      ['cli', 'operator.disabled', 'zhao'],
    ]);
    await store.close();
    // Shown and filtered on the command line, and exported.
    const listed = await runCli(['audit', 'list', '--action', 'operator.disabled', '--data', data]);
    expect(listed.lines.map((l) => l.split('\t').slice(2))).toEqual([['cli', 'operator.disabled', 'zhao', '']]);
    const out = path.join(data, 'audit.xlsx');
    expect((await runCli(['audit', 'export', '--out', out, '--data', data])).lines.at(-1)).toBe(
      `wrote 3 audit rows to ${out}`,
    );
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
  });
});

describe.each(engines)('operator logins on %s', (engine) => {
  it('lock after five wrong passwords for growing periods, refuse the right one meanwhile, and audit it all', async () => {
    const store = await testStore(engine, await mkdtemp(path.join(os.tmpdir(), 'authority-logins-')));
    const added = await addOperator(store, 'li.na', 'operator', 'cli');
    if ('problem' in added) throw new Error(added.problem);
    let now = Date.UTC(2026, 11, 2, 2);
    expect(await checkLogin(store, 'li.na', added.password, '10.0.0.8', now)).toEqual({
      ok: true,
      role: 'operator',
      mustChange: true,
    });
    expect(await checkLogin(store, 'nobody', 'x', '10.0.0.9', now)).toEqual({ ok: false, problem: 'bad_credentials' });
    // Twenty wrong passwords in a row: locked after the fifth, refused while locked.
    const outcomes = [];
    for (let i = 0; i < 20; i += 1) outcomes.push(await checkLogin(store, 'li.na', `wrong ${i}`, '10.0.0.9', now));
    expect(outcomes.slice(0, 4).every((o) => !o.ok && o.problem === 'bad_credentials')).toBe(true);
    expect(outcomes.slice(4).every((o) => !o.ok && o.problem === 'locked')).toBe(true);
    expect(await checkLogin(store, 'li.na', added.password, '10.0.0.8', now)).toMatchObject({
      ok: false,
      problem: 'locked',
    });
    // After the minute, five more wrong ones lock it for two.
    now += 61_000;
    for (let i = 0; i < 5; i += 1) await checkLogin(store, 'li.na', 'wrong again', '10.0.0.9', now);
    expect(await checkLogin(store, 'li.na', added.password, '10.0.0.8', now + 61_000)).toMatchObject({
      problem: 'locked',
    });
    expect((await checkLogin(store, 'li.na', added.password, '10.0.0.8', now + 121_000)).ok).toBe(true);
    // The first login changes the initial password.
    expect(await changePassword(store, 'li.na', added.password, 'short', undefined, now + 122_000)).toEqual({
      ok: false,
      problem: 'too_short',
    });
    expect(
      await changePassword(store, 'li.na', added.password, '新口令 long enough', '10.0.0.8', now + 122_000),
    ).toEqual({
      ok: true,
    });
    expect(await checkLogin(store, 'li.na', '新口令 long enough', '10.0.0.8', now + 123_000)).toMatchObject({
      ok: true,
      mustChange: false,
    });
    const trail = (await store.auditTrail.all()).map((row) => row.action);
    expect(trail.filter((a) => a === 'login.locked')).toHaveLength(2);
    expect(trail.filter((a) => a === 'login.refused').length).toBeGreaterThanOrEqual(16);
    expect(trail).toContain('password.changed');
    expect((await store.auditTrail.all()).find((r) => r.action === 'login.locked')).toMatchObject({
      login: 'li.na',
      address: '10.0.0.9',
    });
    await store.close();
  });
});
