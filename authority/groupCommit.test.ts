/**
 * Group commit: acceptances arriving together share one durable commit, each answered only after
 * it; one that throws undoes only itself; the store's answers are the same as one at a time.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from './store';

describe('group commit', () => {
  it('gathers concurrent writes into one commit and answers each only after it', async () => {
    const store = openStore(await mkdtemp(path.join(os.tmpdir(), 'group-commit-')));
    const before = store.groupCommits();
    const answeredAfter: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store
          .groupCommit(() => store.putSetting.run(`k${i}`, String(i)))
          .then(() => answeredAfter.push(store.groupCommits())),
      ),
    );
    expect(store.groupCommits() - before).toBe(1);
    expect(answeredAfter.every((n) => n === before + 1)).toBe(true);
    expect(store.getSetting.get('k39')?.value).toBe('39');
    store.close();
  });

  it('a write that throws undoes only itself; the others commit', async () => {
    const store = openStore(await mkdtemp(path.join(os.tmpdir(), 'group-commit-')));
    const results = await Promise.allSettled([
      store.groupCommit(() => store.putSetting.run('a', '1')),
      store.groupCommit(() => {
        store.putSetting.run('b', '2');
        throw new Error('refused');
      }),
      store.groupCommit(() => store.putSetting.run('c', '3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.getSetting.get('a')?.value).toBe('1');
    expect(store.getSetting.get('b')).toBeUndefined();
    expect(store.getSetting.get('c')?.value).toBe('3');
    store.close();
  });

  it('commits at once when the group is full, and a window gathers later arrivals', async () => {
    const store = openStore(await mkdtemp(path.join(os.tmpdir(), 'group-commit-')), {
      maxGroup: 4,
      commitWindowMs: 20,
    });
    const before = store.groupCommits();
    const first = Array.from({ length: 4 }, (_, i) => store.groupCommit(() => store.putSetting.run(`f${i}`, 'x')));
    expect(store.groupCommits() - before).toBe(1); // the fourth filled the group: committed already
    await Promise.all(first);
    const late = store.groupCommit(() => store.putSetting.run('late1', 'x'));
    await new Promise((r) => setTimeout(r, 5));
    const later = store.groupCommit(() => store.putSetting.run('late2', 'x'));
    await Promise.all([late, later]);
    expect(store.groupCommits() - before).toBe(2); // both inside the 20 ms window
    store.close();
  });
});
