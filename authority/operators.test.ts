/**
 * Operators (issue 17, first part): passwords hashed with scrypt and verified in constant time;
 * `operator add` prints a one-time initial password on its last line, refuses a taken login, a
 * bad login or role; `operator list` and `operator disable`; every change is an audit row. On
 * both engines.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './operators';
import { openStore } from './store';
import { runCli } from '../test/support/authorityCli';
import { engines, useEngineForCli } from '../test/support/engines';

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
  });
});
