/**
 * Group commit: items arriving together are stored as one group, each answered only after the
 * group is stored; a failing group answers every item with the error; a full group starts at
 * once, and a window gathers later arrivals. Then the intake on both engines: batches of several
 * devices — two of one device, and a duplicate — accepted in one group as one at a time would.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBatch, verifyBatch } from '../shared/sync/batch';
import { gather } from './gather';
import { openStore } from './store';
import { createService } from './service';
import { generateSigner, nodeVerify } from './nodeCrypto';
import { extendChain, newChain, noteDrafts } from '../test/support/chains';
import { testAuthorityIdentity } from '../test/support/authorityIdentity';
import { engines, testStore } from '../test/support/engines';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'group-commit-'));

describe('gathering into groups', () => {
  it('stores concurrent items as one group and answers each only after it', async () => {
    const stored: number[][] = [];
    let done = false;
    const gatherer = gather(async (items: number[]) => {
      stored.push(items);
      await new Promise((r) => setTimeout(r, 10));
      done = true;
      return items.map((n) => n * 2);
    });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => gatherer.submit(i).then((v) => ({ v, afterStore: done }))),
    );
    expect(stored).toEqual([Array.from({ length: 40 }, (_, i) => i)]);
    expect(answers.every((a, i) => a.v === i * 2 && a.afterStore)).toBe(true);
    expect(gatherer.groups()).toBe(1);
  });

  it('a failing group answers every item in it with the error', async () => {
    const gatherer = gather(async (): Promise<number[]> => {
      throw new Error('disk full');
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => gatherer.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('starts at once when a group is full, gathers while one is in flight, and a window gathers later arrivals', async () => {
    const stored: number[][] = [];
    const gatherer = gather(
      async (items: number[]) => {
        stored.push(items);
        await new Promise((r) => setTimeout(r, 30));
        return items;
      },
      { maxGroup: 4, windowMs: 20 },
    );
    const first = [1, 2, 3, 4].map((n) => gatherer.submit(n));
    expect(stored).toEqual([[1, 2, 3, 4]]); // the fourth filled the group: no window waited for
    const meanwhile = [5, 6].map((n) => gatherer.submit(n)); // while the first is in flight (one writer)
    await Promise.all([...first, ...meanwhile]);
    expect(stored).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    const late = gatherer.submit(7);
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([late, gatherer.submit(8)]);
    expect(stored.at(-1)).toEqual([7, 8]); // both inside the 20 ms window
  });

  it('a SQLite statement outside waits for the open transaction instead of slipping into it', async () => {
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

describe.each(engines)('the intake on %s', (engine) => {
  it('accepts a group holding two batches of one device, a duplicate and a gap as one at a time would', async () => {
    const store = await testStore(engine, await tempDir());
    const authority = generateSigner();
    const service = createService(await testAuthorityIdentity('group-test', authority), store);
    const devices = [0, 1, 2].map(() => ({ signer: generateSigner(), chain: newChain() }));
    const verified = async (d: (typeof devices)[number], from: number, to: number) =>
      verifyBatch(
        await makeBatch(d.chain.events.slice(from - 1, to), d.signer),
        () => ({ kid: d.signer.kid, owner: d.chain.device, publicKey: d.signer.publicKey }),
        nodeVerify,
      );
    for (const d of devices) extendChain(d.chain, noteDrafts(10));
    const [a, b, c] = devices as [(typeof devices)[number], (typeof devices)[number], (typeof devices)[number]];
    const before = service.intake.groups();
    const outcomes = await Promise.all([
      service.intake.submit(await verified(a, 1, 5)),
      service.intake.submit(await verified(a, 6, 10)), // a's second batch: judged after the first
      service.intake.submit(await verified(b, 1, 10)),
      service.intake.submit(await verified(b, 1, 10)), // a duplicate of the one before it
      service.intake.submit(await verified(c, 6, 10)), // c's events from 6: a gap
    ]);
    expect(service.intake.groups() - before).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'gap']);
    expect(outcomes.map((o) => (o.status === 'accepted' ? [o.accepted, o.duplicate, o.receipt.through] : o))).toEqual([
      [5, 0, 5],
      [5, 0, 10],
      [10, 0, 10],
      [0, 10, 10],
      { status: 'gap', expected: 1 },
    ]);
    // One head, one receipt: the duplicate got the receipt its original made.
    const receiptOf = (o: (typeof outcomes)[number]) => (o.status === 'accepted' ? o.receipt : undefined);
    expect(receiptOf(outcomes[3]!)).toEqual(receiptOf(outcomes[2]!));
    expect((await store.eventCount.get())!.count).toBe(20);
    expect((await store.head.get(a.chain.device))?.hash).toBe(a.chain.hashes.at(-1));
    await store.close();
  });
});
