import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeVerify } from '../../authority/nodeCrypto';
import {
  batchesOf,
  makeWorld,
  testAuthorityId,
  testTime,
  unusedSealPub,
  worldKeys,
  type TestWorld,
} from '../../test/support/world';
import { WireError } from '../ledger/errors';
import { encodePublicKey } from '../ledger/signing';
import { makeBatch, makeSignedBatch, verifyBatch } from './batch';
import { canonicalBytes, canonicalize } from '../ledger/canonical';
import { parseStrictJsonWithTexts } from '../ledger/strictJson';
import { makeEnrollRequest, makeEnrollReply, verifyEnrollReply, verifyEnrollRequest } from './enrollment';
import { resolverFromKeys, keyFromCert } from './keys';
import { makeReceipt, verifyReceipt } from './receipt';

let world: TestWorld;
beforeAll(async () => {
  world = await makeWorld(2, 12);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof WireError ? error.code : `crash: ${String(error)}`;
  }
}

describe('batches', () => {
  it('verify when intact', async () => {
    const [device] = world.devices;
    const batch = await makeBatch(device!.chain.events, device!.signer);
    const verified = await verifyBatch(JSON.parse(JSON.stringify(batch)), worldKeys(world), nodeVerify);
    expect(verified.hashes).toEqual(device!.chain.hashes);
    expect(batch.head).toBe(device!.chain.hashes.at(-1));
  });

  it('are the same batch and bytes when made for sending (one serialisation per event)', async () => {
    for (const device of world.devices) {
      for (const events of [device.chain.events, device.chain.events.slice(3, 4), device.chain.events.slice(5)]) {
        const sent = await makeSignedBatch(events, device.signer);
        const made = await makeBatch(events, device.signer);
        expect(sent.batch).toEqual(made);
        const body = new Uint8Array(await new Blob(sent.body).arrayBuffer());
        expect(body).toEqual(canonicalBytes(made));
        // What the authority does with those bytes: the kept texts verify as they are.
        const { value, texts } = parseStrictJsonWithTexts(body, 2);
        const verified = await verifyBatch(value, worldKeys(world), nodeVerify, { bytes: body, texts });
        expect(verified.texts).toEqual(events.map((event) => new TextDecoder().decode(canonicalBytes(event))));
      }
    }
  });

  it('verify when they start mid-chain', async () => {
    const batches = await batchesOf(world.devices[0]!, 5);
    for (const batch of batches) await expect(verifyBatch(batch, worldKeys(world), nodeVerify)).resolves.toBeTruthy();
  });

  it('reject each fault with its code', async () => {
    const [a, b] = world.devices;
    const batch = await makeBatch(a!.chain.events, a!.signer);
    const keys = worldKeys(world);
    const cases: [string, unknown, string][] = [
      ['extra member', { ...batch, extra: 1 }, 'bad_schema'],
      ['wrong kind', { ...batch, kind: 'kaodian.receipt' }, 'bad_schema'],
      ['version 2', { ...batch, v: 2 }, 'unsupported_version'],
      ['count', { ...batch, to: batch.to + 1 }, 'bad_schema'],
      ['from > to', { ...batch, from: 5, to: 4 }, 'bad_schema'],
      ['truncated', { ...batch, events: batch.events.slice(0, -1), to: batch.to - 1 }, 'broken_chain'],
      ['head', { ...batch, head: batch.events[0]!.prev.replace(/^./, 'f') }, 'broken_chain'],
      ['prev', { ...batch, prev: 'f'.repeat(64) }, 'broken_chain'],
      ['reordered', { ...batch, events: [batch.events[1], batch.events[0], ...batch.events.slice(2)] }, 'broken_chain'],
      [
        'changed body',
        { ...batch, events: batch.events.map((e, i) => (i === 3 ? { ...e, body: { ...e.body, text: '改' } } : e)) },
        'broken_chain',
      ],
      [
        'changed last body',
        {
          ...batch,
          events: batch.events.map((e, i) =>
            i === batch.events.length - 1 ? { ...e, body: { ...e.body, text: '改' } } : e,
          ),
        },
        'broken_chain',
      ],
      ['other device key', { ...batch, kid: b!.signer.kid }, 'unknown_key'],
      ['unknown key', { ...batch, kid: '0'.repeat(32) }, 'unknown_key'],
      [
        'bad signature',
        { ...batch, sig: batch.sig.slice(0, -2) + (batch.sig.endsWith('AA') ? 'BA' : 'AA') },
        'bad_signature',
      ],
    ];
    for (const [name, value, code] of cases)
      expect(`${name}: ${await codeOf(verifyBatch(value, keys, nodeVerify))}`).toBe(`${name}: ${code}`);
  });

  it('reject a revoked key', async () => {
    const [a] = world.devices;
    const batch = await makeBatch(a!.chain.events, a!.signer);
    const revoked = resolverFromKeys([{ ...keyFromCert(a!.cert), revokedAt: 0 }]);
    expect(await codeOf(verifyBatch(batch, revoked, nodeVerify))).toBe('revoked_key');
  });

  it('accept what a revoked key signed before its revocation, and refuse what it signed at or after it', async () => {
    const [a] = world.devices;
    const batch = await makeBatch(a!.chain.events, a!.signer);
    const lastWall = Number(batch.events.at(-1)!.hlc.slice(0, 15));
    const revokedAfter = resolverFromKeys([{ ...keyFromCert(a!.cert), revokedAt: lastWall + 1 }]);
    const revokedAtLast = resolverFromKeys([{ ...keyFromCert(a!.cert), revokedAt: lastWall }]);
    expect((await verifyBatch(batch, revokedAfter, nodeVerify)).batch.to).toBe(batch.to);
    expect(await codeOf(verifyBatch(batch, revokedAtLast, nodeVerify))).toBe('revoked_key');
  });

  it('reject any mutation of a number, string or member with a specific code (property)', async () => {
    const [a] = world.devices;
    const batch = await makeBatch(a!.chain.events.slice(0, 4), a!.signer);
    const keys = worldKeys(world);
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
      else paths.push(path);
    };
    walk(batch, []);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('number', 'string', 'rename', 'drop'),
        async (path, how) => {
          const copy = structuredClone(batch) as unknown as Record<string, unknown>;
          let parent: Record<string, unknown> = copy;
          for (const key of path.slice(0, -1)) parent = parent[key as string] as Record<string, unknown>;
          const last = path.at(-1) as string;
          const old = parent[last];
          if (how === 'number') parent[last] = typeof old === 'number' ? old + 1 : 7;
          if (how === 'string') parent[last] = typeof old === 'string' ? `${old}x` : 'x';
          if (how === 'rename') {
            delete parent[last];
            parent[`${String(last)}_`] = old;
          }
          if (how === 'drop') delete parent[last];
          const code = await codeOf(verifyBatch(copy, keys, nodeVerify));
          expect(code).toMatch(/^(bad_schema|broken_chain|bad_signature|unknown_key|unsupported_version)$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('batches received as bytes (the parser keeps canonical texts; the signed bytes come from the source)', () => {
  const judge = async (bytes: Uint8Array) => {
    try {
      const { value, texts } = parseStrictJsonWithTexts(bytes, 2);
      const verified = await verifyBatch(value, worldKeys(world), nodeVerify, { bytes, texts });
      return { code: 'ok', bytes: canonicalBytes(verified.batch), texts: verified.texts };
    } catch (error) {
      return { code: error instanceof WireError ? error.code : `crash: ${String(error)}` };
    }
  };

  it('verify with whitespace around or inside them, the same as canonical', async () => {
    const [a] = world.devices;
    const batch = await makeBatch(a!.chain.events, a!.signer);
    const canonical = canonicalBytes(batch);
    for (const text of [` ${canonicalize(batch)}`, `${canonicalize(batch)}\n`, JSON.stringify(batch, null, 2)]) {
      const judged = await judge(new TextEncoder().encode(text));
      expect(judged).toEqual({
        code: 'ok',
        bytes: canonical,
        texts: a!.chain.events.map((event) => canonicalize(event)),
      });
    }
  });

  it('reject any changed byte with a specific code, or come out as the same batch (property)', async () => {
    const [a] = world.devices;
    const canonical = canonicalBytes(await makeBatch(a!.chain.events.slice(0, 4), a!.signer));
    await fc.assert(
      fc.asyncProperty(fc.nat(canonical.length - 1), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const bytes = canonical.slice();
        bytes[at]! ^= xor;
        const judged = await judge(bytes);
        if (judged.code === 'ok') expect(judged.bytes).toEqual(canonical);
        else
          expect(judged.code).toMatch(
            /^(bad_json|duplicate_key|forbidden_key|bad_schema|broken_chain|bad_signature|unknown_key|unsupported_version)$/,
          );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('receipts', () => {
  it('verify under the pinned authority key only', async () => {
    const [a, b] = world.devices;
    const receipt = await makeReceipt(
      { authority: testAuthorityId, device: a!.chain.device, through: 12, head: a!.chain.hashes[11]!, at: testTime },
      world.authority,
    );
    await expect(verifyReceipt(receipt, world.authority.publicKey, nodeVerify)).resolves.toEqual(receipt);
    expect(await codeOf(verifyReceipt(receipt, b!.signer.publicKey, nodeVerify))).toBe('unknown_key');
    expect(await codeOf(verifyReceipt({ ...receipt, through: 13 }, world.authority.publicKey, nodeVerify))).toBe(
      'bad_signature',
    );
    const forged = await makeReceipt(
      { authority: testAuthorityId, device: a!.chain.device, through: 12, head: a!.chain.hashes[11]!, at: testTime },
      b!.signer,
    );
    expect(await codeOf(verifyReceipt(forged, world.authority.publicKey, nodeVerify))).toBe('unknown_key');
  });
});

describe('enrolment', () => {
  it('checks proof of possession and the authority signature of the reply', async () => {
    const [a, b] = world.devices;
    const request = await makeEnrollRequest(
      {
        code: 'K7Q2-9XMD',
        device: a!.chain.device,
        site: 'WH-0301',
        name: '考务一号机',
        at: testTime,
        sealPub: unusedSealPub,
      },
      a!.signer,
    );
    await expect(verifyEnrollRequest(request, nodeVerify)).resolves.toEqual(request);
    expect(
      await codeOf(verifyEnrollRequest({ ...request, pub: encodePublicKey(b!.signer.publicKey) }, nodeVerify)),
    ).toBe('bad_schema');
    expect(await codeOf(verifyEnrollRequest({ ...request, name: '改' }, nodeVerify))).toBe('bad_signature');

    const reply = await makeEnrollReply(
      request,
      { id: testAuthorityId, signer: world.authority, sealPub: unusedSealPub },
      testTime,
    );
    await expect(verifyEnrollReply(reply, nodeVerify, world.authority.publicKey)).resolves.toEqual(reply);
    expect(await codeOf(verifyEnrollReply(reply, nodeVerify, b!.signer.publicKey))).toBe('unknown_key');
    expect(await codeOf(verifyEnrollReply({ ...reply, site: 'WH-9999' }, nodeVerify))).toBe('bad_signature');
  });
});
