/**
 * Group commit: acceptances arriving together share one durable commit, each answered only after
 * it; one that throws undoes only itself; the store's answers are the same as one at a time. On
 * PostgreSQL each acceptance is its own transaction (the server shares the WAL flushes).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from './store';
import { engines, testStore } from '../test/support/engines';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'group-commit-'));

describe('group commit on SQLite', () => {
  it('gathers concurrent writes into one commit and answers each only after it', async () => {
    const store = await openStore(await tempDir());
    const before = store.groupCommits();
    const answeredAfter: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store
          .groupCommit((tx) => tx.putSetting.run(`k${i}`, String(i)))
          .then(() => answeredAfter.push(store.groupCommits())),
      ),
    );
    expect(store.groupCommits() - before).toBe(1);
    expect(answeredAfter.every((n) => n === before + 1)).toBe(true);
    expect((await store.getSetting.get('k39'))?.value).toBe('39');
    await store.close();
  });

  it('commits at once when the group is full, and a window gathers later arrivals', async () => {
    const store = await openStore(await tempDir(), { maxGroup: 4, commitWindowMs: 20 });
    const before = store.groupCommits();
    const first = Array.from({ length: 4 }, (_, i) => store.groupCommit((tx) => tx.putSetting.run(`f${i}`, 'x')));
    await Promise.all(first);
    expect(store.groupCommits() - before).toBe(1); // the fourth filled the group: no window waited for
    const late = store.groupCommit((tx) => tx.putSetting.run('late1', 'x'));
    await new Promise((r) => setTimeout(r, 5));
    const later = store.groupCommit((tx) => tx.putSetting.run('late2', 'x'));
    await Promise.all([late, later]);
    expect(store.groupCommits() - before).toBe(2); // both inside the 20 ms window
    await store.close();
  });

  it('a statement outside waits for the open transaction instead of slipping into it', async () => {
    const store = await openStore(await tempDir());
    const order: string[] = [];
    const inside = store.transaction(async (tx) => {
      await tx.putSetting.run('inside', '1');
      await new Promise((r) => setTimeout(r, 20));
      order.push('inside done');
      throw new Error('rolled back');
    });
    const outside = store.putSetting.run('outside', '1').then(() => order.push('outside'));
    await expect(inside).rejects.toThrow('rolled back');
    await outside;
    expect(order).toEqual(['inside done', 'outside']);
    expect(await store.getSetting.get('inside')).toBeUndefined();
    expect((await store.getSetting.get('outside'))?.value).toBe('1');
    await store.close();
  });
});

describe.each(engines)('group commit on %s', (engine) => {
  it('a write that throws undoes only itself; the others commit', async () => {
    const store = await testStore(engine, await tempDir());
    const results = await Promise.allSettled([
      store.groupCommit((tx) => tx.putSetting.run('a', '1')),
      store.groupCommit(async (tx) => {
        await tx.putSetting.run('b', '2');
        throw new Error('refused');
      }),
      store.groupCommit((tx) => tx.putSetting.run('c', '3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.getSetting.get('a'))?.value).toBe('1');
    expect(await store.getSetting.get('b')).toBeUndefined();
    expect((await store.getSetting.get('c'))?.value).toBe('3');
    await store.close();
  });
});
