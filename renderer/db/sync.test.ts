import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidV4 } from '../../shared/ledger/ids';
import type { Receipt } from '../../shared/sync/schemas';
import { KaodianDatabase } from './database';
import { openLedger } from './ledger';
import { saveReceipt, unacknowledged } from './sync';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

const manager = uuidV4();
const receiptThrough = (device: string, through: number) =>
  ({ device, through, authority: 'a', head: '0'.repeat(64), at: '', kid: '', sig: '', v: 1 }) as unknown as Receipt;

describe('what waits for the authority', () => {
  it('leaves out the records of this device’s own exports at the tail, so an export never keeps the count above 0', async () => {
    db = new KaodianDatabase(`sync-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db);
    await ledger.append({
      actor: manager,
      type: 'person.registered',
      body: { person: manager, name: '刘志强', role: 'manager' },
    });
    // Everything acknowledged by the authority (online sync), then one USB export recorded.
    await saveReceipt(receiptThrough(device, 1), db);
    const exported = {
      actor: 'device',
      type: 'package.exported',
      body: { package: uuidV4(), batches: 0, through: {} },
    };
    await ledger.append(exported);
    expect(await unacknowledged(device, db)).toEqual([]);
    await ledger.append(exported);
    expect(await unacknowledged(device, db)).toEqual([]);
    // Online sync sends the whole chain, bookkeeping included.
    expect(await unacknowledged(device, db, { everything: true })).toEqual([{ device, from: 2, to: 3, own: true }]);
    // A real change after them: they travel with it (a chain has no holes).
    await ledger.append({
      actor: manager,
      type: 'person.registered',
      body: { person: uuidV4(), name: '王建国', role: 'examiner' },
    });
    expect(await unacknowledged(device, db)).toEqual([{ device, from: 2, to: 4, own: true }]);
  });
});
