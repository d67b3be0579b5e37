import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { uuidV4 } from '../../shared/ledger/ids';
import { KaodianDatabase, schemaVersions } from './database';

type Schema = Map<string, { primaryKey: string; indexes: Set<string> }>;

/** Applies one version's stores to the schema before it, as Dexie does, refusing anything but additions. */
function applyAdditively(before: Schema, version: { version: number; stores: Record<string, string | null> }): Schema {
  const after: Schema = new Map(before);
  for (const [table, spec] of Object.entries(version.stores)) {
    if (spec === null) throw new Error(`v${version.version} deletes table ${table}`);
    const [primaryKey = '', ...indexes] = spec.split(',').map((part) => part.trim());
    const held = before.get(table);
    if (held) {
      if (held.primaryKey !== primaryKey) throw new Error(`v${version.version} changes the primary key of ${table}`);
      for (const index of held.indexes)
        if (!indexes.includes(index)) throw new Error(`v${version.version} drops index ${index} of ${table}`);
    }
    after.set(table, { primaryKey, indexes: new Set(indexes) });
  }
  return after;
}

describe('the Dexie schema', () => {
  it('only ever adds: each version, against the one before, adds tables or indexes and changes nothing', () => {
    let schema: Schema = new Map();
    schemaVersions.forEach((version, i) => {
      expect(version.version).toBe(i + 1);
      schema = applyAdditively(schema, version);
    });
    expect([...schema.keys()].sort()).toEqual(
      new KaodianDatabase(`schema-${uuidV4()}`).tables.map((t) => t.name).sort(),
    );
  });

  it('the check bites: a deleted table, a changed key or a dropped index is refused', () => {
    const base = applyAdditively(new Map(), { version: 1, stores: { events: '[device+seq], &id, hlc' } });
    expect(() => applyAdditively(base, { version: 2, stores: { events: null } })).toThrow(/deletes table events/);
    expect(() => applyAdditively(base, { version: 2, stores: { events: 'id, hlc' } })).toThrow(/primary key/);
    expect(() => applyAdditively(base, { version: 2, stores: { events: '[device+seq], &id' } })).toThrow(
      /drops index hlc/,
    );
    expect(
      applyAdditively(base, { version: 2, stores: { events: '[device+seq], &id, hlc, type', more: 'key' } }).size,
    ).toBe(2);
  });
});
