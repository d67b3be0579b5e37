import { mkdtemp } from 'node:fs/promises';
import { unusedSealPub } from '../test/support/world';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../shared/ledger/canonical';
import { formatTime } from '../shared/ledger/ids';
import { decodePublicKey } from '../shared/ledger/signing';
import { makeBatch } from '../shared/sync/batch';
import { makeEnrollRequest, verifyEnrollReply } from '../shared/sync/enrollment';
import { writePackage } from '../shared/sync/package';
import { verifyReceipt } from '../shared/sync/receipt';
import type { EnrollReply } from '../shared/sync/schemas';
import { bytesSource, readCentralDirectory, readZipEntry } from '../shared/sync/zipReader';
import { generateSigner, nodeVerify, type NodeSigner } from './nodeCrypto';
import { extendChain, newChain, noteDrafts, type TestChain } from '../test/support/chains';
import { buildServer } from './http';
import { loadOrCreateAuthority } from './identity';
import { codeLifetimeMs, createService, newEnrollCode, type Service } from './service';
import { openStore, type Engine } from './store';
import { engines, storeLocation } from '../test/support/engines';

let dataDir: string;
let location: string;
let service: Service;
let app: ReturnType<typeof buildServer>;
let clock = Date.UTC(2026, 10, 26, 2);

async function start() {
  const identity = await loadOrCreateAuthority(dataDir, 'weihai-hrss');
  service = createService(identity, await openStore(location), () => clock);
  app = buildServer(service);
}

async function setUp(engine: Engine) {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'authority-'));
  location = await storeLocation(engine, dataDir);
  await start();
}
afterEach(async () => {
  await app.close();
  await service.store.close();
});

const json = (url: string, body: unknown, method: 'POST' | 'PUT' = 'POST') =>
  app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

interface Device {
  signer: NodeSigner;
  chain: TestChain;
  cert: EnrollReply;
}

async function enrolledDevice(site = 'WH-0301'): Promise<Device> {
  const signer = generateSigner();
  const chain = newChain();
  const code = await newEnrollCode(service, site);
  const request = await makeEnrollRequest(
    { code, device: chain.device, site, name: '考务一号机', at: formatTime(clock, 480), sealPub: unusedSealPub },
    signer,
  );
  const response = await json('/v1/enroll', request);
  expect(response.statusCode).toBe(201);
  const cert = await verifyEnrollReply(response.json(), nodeVerify, service.identity.signer.publicKey);
  return { signer, chain, cert };
}

describe.each(engines)('the authority API on %s', (engine) => {
  beforeEach(() => setUp(engine));

  it('answers health with its key', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, authority: 'weihai-hrss', kid: service.identity.signer.kid });
  });

  it('enrols with a one-time code: used, unknown, expired and malformed requests are refused with their codes', async () => {
    const device = await enrolledDevice();
    const signer = generateSigner();
    const other = newChain();
    const make = (code: string, site = 'WH-0301') =>
      makeEnrollRequest(
        { code, device: other.device, site, name: '二号机', at: formatTime(clock, 480), sealPub: unusedSealPub },
        signer,
      );
    expect(device.cert.site).toBe('WH-0301');
    const unknown = await json('/v1/enroll', await make('XXXX-XXXX'));
    expect([unknown.statusCode, unknown.json().error]).toEqual([403, 'bad_code']);
    const code = await newEnrollCode(service, 'WH-0301');
    expect((await json('/v1/enroll', await make(code, 'WH-0999'))).json()).toMatchObject({ error: 'bad_code' });
    clock += codeLifetimeMs + 1;
    const expired = await json('/v1/enroll', await make(code));
    expect([expired.statusCode, expired.json().error]).toEqual([410, 'expired_code']);
    const fresh = await newEnrollCode(service, 'WH-0301');
    expect((await json('/v1/enroll', await make(fresh))).statusCode).toBe(201);
    const third = await makeEnrollRequest(
      {
        code: fresh,
        device: newChain().device,
        site: 'WH-0301',
        name: '三号机',
        at: formatTime(clock, 480),
        sealPub: unusedSealPub,
      },
      generateSigner(),
    );
    const reused = await json('/v1/enroll', third);
    expect([reused.statusCode, reused.json().error]).toEqual([409, 'used_code']);
    // A retry by the same device and key gets the same cert.
    expect((await json('/v1/enroll', await make(fresh))).statusCode).toBe(201);
    const dup = await json('/v1/enroll', '{"v":1,"v":1}');
    expect([dup.statusCode, dup.json().error]).toEqual([400, 'duplicate_key']);
    const proto = await json('/v1/enroll', '{"__proto__":{"x":1}}');
    expect([proto.statusCode, proto.json().error]).toEqual([400, 'forbidden_key']);
  });

  it('accepts each event exactly once: duplicates, gaps, forks, bad signatures and revoked keys', async () => {
    const d = await enrolledDevice();
    extendChain(d.chain, noteDrafts(12));
    const batch = async (from: number, to: number, signer = d.signer, events = d.chain.events) =>
      makeBatch(events.slice(from - 1, to), signer);

    const first = await json('/v1/batches', await batch(1, 5));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ accepted: 5, duplicate: 0 });
    const receipt = await verifyReceipt(first.json().receipt, service.identity.signer.publicKey, nodeVerify);
    expect(receipt).toMatchObject({ device: d.chain.device, through: 5, head: d.chain.hashes[4] });

    // The same bytes again change nothing and carry the same receipt.
    const retry = await json('/v1/batches', await batch(1, 5));
    expect(retry.json()).toEqual({ receipt: first.json().receipt, accepted: 0, duplicate: 5 });

    const gap = await json('/v1/batches', await batch(8, 12));
    expect([gap.statusCode, gap.json().error, gap.json().expected]).toEqual([409, 'gap', 6]);
    const overlap = await json('/v1/batches', await batch(4, 9));
    expect(overlap.json()).toMatchObject({ accepted: 4, duplicate: 2 });

    // Another history for the same device: a fork at seq 1, quarantined, nothing accepted.
    const forked = newChain(d.chain.device);
    extendChain(forked, noteDrafts(3));
    const fork = await json('/v1/batches', await makeBatch(forked.events, d.signer));
    expect([fork.statusCode, fork.json().error, fork.json().seq]).toEqual([409, 'fork', 1]);
    expect((await service.store.quarantineList.all()).map((q) => q.reason)).toContain('fork');

    const tampered = { ...(await batch(10, 12)), sig: (await batch(10, 11)).sig };
    const bad = await json('/v1/batches', tampered);
    expect([bad.statusCode, bad.json().error]).toEqual([422, 'bad_signature']);
    // Kept for review as the bytes it came as.
    const held = (await service.store.quarantineList.all()).find((q) => q.reason === 'bad_signature')!;
    expect((await service.store.quarantineBody.get(held.id))?.body?.toString('utf8')).toBe(JSON.stringify(tampered));
    const stranger = await json('/v1/batches', await batch(10, 12, generateSigner()));
    expect([stranger.statusCode, stranger.json().error]).toEqual([403, 'unknown_key']);

    const receiptNow = await app.inject({ method: 'GET', url: `/v1/devices/${d.chain.device}/receipt` });
    expect(receiptNow.json()).toMatchObject({ through: 9 });
    expect((await app.inject({ method: 'GET', url: `/v1/devices/${newChain().device}/receipt` })).json()).toMatchObject(
      { error: 'unknown_device' },
    );

    // Revoked before events 10–12 were made: refused. (What the key signed before its revocation stays valid.)
    await service.store.revokeDevice.run(Number(d.chain.events[9]!.hlc.slice(0, 15)), d.chain.device);
    const revoked = await json('/v1/batches', await batch(10, 12));
    expect([revoked.statusCode, revoked.json().error]).toEqual([403, 'revoked_key']);
    expect((await service.store.quarantineList.all()).length).toBeGreaterThanOrEqual(4);
  });

  it('a batch sent as canonical JSON, as the app sends it, is stored with the canonical texts of its events', async () => {
    const d = await enrolledDevice();
    extendChain(d.chain, [
      { actor: 'device', type: 'note.logged', body: { note: '考场 "一" \\ 号\n', points: [1.5, -0, 2e21, 1e-7] } },
      ...noteDrafts(3),
    ]);
    const sent = await makeBatch(d.chain.events, d.signer);
    const answer = await json('/v1/batches', canonicalize(sent));
    expect(answer.json()).toMatchObject({ accepted: 4, duplicate: 0 });
    expect((await service.store.allEvents.all()).map((row) => row.event)).toEqual(
      d.chain.events.map((event) => canonicalize(event)),
    );
    expect((await service.store.head.get(d.chain.device))?.hash).toBe(d.chain.hashes.at(-1));
    // The same events with the members of each in another order: the same texts, no fork.
    const again = await json(
      '/v1/batches',
      JSON.stringify({
        ...sent,
        events: sent.events.map((event) => Object.fromEntries(Object.entries(event).reverse())),
      }),
    );
    expect(answer.json().receipt).toEqual(again.json().receipt);
  });

  it('a device that lost its key enrols again with a new one: its old events stay valid, new batches continue the chain', async () => {
    const d = await enrolledDevice();
    extendChain(d.chain, noteDrafts(10));
    expect((await json('/v1/batches', await makeBatch(d.chain.events.slice(0, 6), d.signer))).json()).toMatchObject({
      accepted: 6,
    });

    // The database (and the key in it) is lost; the journal brings the events back; a new key enrols for the same device
    // with a re-key code made for it — an ordinary code, or one for another site, cannot take the device over.
    const newKey = generateSigner();
    const rekey = (code: string, site = 'WH-0301') =>
      makeEnrollRequest(
        {
          code,
          device: d.chain.device,
          site,
          name: '考务一号机（恢复）',
          at: formatTime(clock, 480),
          sealPub: unusedSealPub,
        },
        newKey,
      );
    const ordinary = await json('/v1/enroll', await rekey(await newEnrollCode(service, 'WH-0301')));
    expect([ordinary.statusCode, ordinary.json().error]).toEqual([409, 'device_enrolled']);
    const otherSite = await json('/v1/enroll', await rekey(await newEnrollCode(service, 'WH-0999'), 'WH-0999'));
    expect([otherSite.statusCode, otherSite.json().error]).toEqual([409, 'device_enrolled']);
    await expect(newEnrollCode(service, 'WH-0999', d.chain.device)).rejects.toThrow(/belongs to site WH-0301/);
    const code = await newEnrollCode(service, 'WH-0301', d.chain.device);
    const reply = await json('/v1/enroll', await rekey(code));
    expect(reply.statusCode).toBe(201);
    // The same device and key again: the same reply. The old key is revoked from that moment.
    expect((await json('/v1/enroll', await rekey(code))).json()).toEqual(reply.json());
    expect((await service.store.getKey.get(d.signer.kid))?.revoked_at).toBe(clock);
    expect((await verifyEnrollReply(reply.json(), nodeVerify, service.identity.signer.publicKey)).deviceKid).toBe(
      newKey.kid,
    );

    // Events not yet synced, re-signed under the new key, continue from seq 7; the old batch is still a duplicate under the old key.
    const rest = await json('/v1/batches', await makeBatch(d.chain.events.slice(6), newKey));
    expect(rest.json()).toMatchObject({ accepted: 4 });
    expect((await verifyReceipt(rest.json().receipt, service.identity.signer.publicKey, nodeVerify)).through).toBe(10);
    expect((await json('/v1/batches', await makeBatch(d.chain.events.slice(0, 6), d.signer))).json()).toMatchObject({
      accepted: 0,
      duplicate: 6,
    });
  });

  it('takes JSON with a charset parameter, and refuses any other content type on a JSON route (415 bad_json)', async () => {
    const d = await enrolledDevice();
    extendChain(d.chain, noteDrafts(2));
    const body = JSON.stringify(await makeBatch(d.chain.events, d.signer));
    const withCharset = await app.inject({
      method: 'POST',
      url: '/v1/batches',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: body,
    });
    expect(withCharset.json()).toMatchObject({ accepted: 2 });
    for (const type of ['application/octet-stream', 'text/plain', 'application/json; charset=latin1']) {
      const refused = await app.inject({
        method: 'POST',
        url: '/v1/batches',
        headers: { 'content-type': type },
        payload: Buffer.from(body),
      });
      expect([type, refused.statusCode, refused.json().error]).toEqual([type, 415, 'bad_json']);
    }
    const none = await app.inject({ method: 'POST', url: '/v1/enroll', payload: Buffer.from('{}') });
    expect([none.statusCode, none.json().error]).toEqual([415, 'bad_json']);
  });

  it('holds each JSON route to its own body limit whatever the content type says', async () => {
    const small = buildServer(service, { jsonLimit: 1024 });
    try {
      const big = await small.inject({
        method: 'POST',
        url: '/v1/batches',
        headers: { 'content-type': 'application/json' },
        payload: Buffer.alloc(4096, 0x20),
      });
      expect([big.statusCode, big.json().error]).toEqual([413, 'too_large']);
      // Another content type is refused before its body is read, instead of getting the package route's limit.
      for (const type of ['application/octet-stream', 'text/plain']) {
        const response = await small.inject({
          method: 'POST',
          url: '/v1/batches',
          headers: { 'content-type': type },
          payload: Buffer.alloc(4096, 0x20),
        });
        expect([type, response.statusCode, response.json().error]).toEqual([type, 415, 'bad_json']);
      }
    } finally {
      await small.close();
    }
  });

  it('accepts and flags events with an unknown type or a bad body, because refusing them would cut the chain', async () => {
    const d = await enrolledDevice();
    extendChain(d.chain, [
      { actor: 'device', type: 'future.thing', body: { x: 1 } },
      ...noteDrafts(1),
      { actor: 'device', type: 'note.logged', body: { bad: true } },
    ]);
    const response = await json('/v1/batches', await makeBatch(d.chain.events, d.signer));
    expect(response.json()).toMatchObject({ accepted: 3 });
    expect((await service.store.flagged.get())?.count).toBe(2);
  });

  it('takes packages per batch, exactly once whichever road, and refuses a damaged one whole', async () => {
    const a = await enrolledDevice();
    const b = await enrolledDevice();
    extendChain(a.chain, noteDrafts(10));
    extendChain(b.chain, noteDrafts(4));
    // a's first five events arrive online first.
    await json('/v1/batches', await makeBatch(a.chain.events.slice(0, 5), a.signer));
    const batches = [
      await makeBatch(a.chain.events.slice(0, 6), a.signer),
      await makeBatch(a.chain.events.slice(6), a.signer),
      await makeBatch(b.chain.events, b.signer),
    ];
    const photo = new TextEncoder().encode('photo bytes');
    const bytes = await writePackage(
      {
        id: '4d7c2a1e-5b3f-4c6d-8e9f-0a1b2c3d4e5f',
        createdAt: formatTime(clock, 480),
        by: a.chain.device,
        site: 'WH-0301',
      },
      { batches, certs: [a.cert, b.cert], attachments: [photo] },
      a.signer,
    );
    const upload = () =>
      app.inject({
        method: 'POST',
        url: '/v1/packages',
        headers: { 'content-type': 'application/octet-stream' },
        payload: Buffer.from(bytes),
      });
    const response = await upload();
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      batches: { device: string; from: number; status: string }[];
      receipts: unknown[];
    };
    expect(body.batches.map((x) => [x.device === a.chain.device ? 'a' : 'b', x.from, x.status]).sort()).toEqual([
      ['a', 1, 'accepted'],
      ['a', 7, 'accepted'],
      ['b', 1, 'accepted'],
    ]);
    expect(body.receipts).toHaveLength(2);
    const again = (await upload()).json() as { batches: { status: string }[] };
    expect(again.batches.map((x) => x.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await service.store.allEvents.all()).toHaveLength(14);

    const source = bytesSource(bytes);
    const entries: Record<string, Uint8Array> = {};
    for (const entry of await readCentralDirectory(source)) entries[entry.name] = await readZipEntry(source, entry);
    const name = Object.keys(entries).find((p) => p.startsWith('attachments/'))!;
    const damaged = zipSync({ ...entries, [name]: new TextEncoder().encode('other bytes') });
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/packages',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from(damaged),
    });
    expect([refused.statusCode, refused.json().error]).toEqual([422, 'hash_mismatch']);
  });

  it('stores attachments by hash, only once a held event names them', async () => {
    const bytes = Buffer.from('a photo');
    const { sha256Hex } = await import('../shared/ledger/hash');
    const hash = sha256Hex(bytes);
    const put = () =>
      app.inject({
        method: 'PUT',
        url: `/v1/attachments/${hash}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: bytes,
      });
    const early = await put();
    expect([early.statusCode, early.json().error]).toEqual([409, 'unreferenced']);
    expect(await service.store.hasAttachment.get(hash)).toBeUndefined();
    const d = await enrolledDevice();
    extendChain(d.chain, [{ actor: 'device', type: 'note.logged', body: { note: '附照片', photo: hash } }]);
    expect((await json('/v1/batches', await makeBatch(d.chain.events, d.signer))).json()).toMatchObject({
      accepted: 1,
    });
    expect((await put()).statusCode).toBe(201);
    expect((await put()).statusCode).toBe(200);
    const wrong = await app.inject({
      method: 'PUT',
      url: `/v1/attachments/${'0'.repeat(64)}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect([wrong.statusCode, wrong.json().error]).toEqual([422, 'hash_mismatch']);
  });

  it('loses nothing it answered as accepted across a restart', async () => {
    const d = await enrolledDevice();
    extendChain(d.chain, noteDrafts(6));
    const answer = (await json('/v1/batches', await makeBatch(d.chain.events, d.signer))).json();
    await app.close();
    await service.store.close();
    await start();
    const receipt = await app.inject({ method: 'GET', url: `/v1/devices/${d.chain.device}/receipt` });
    expect(receipt.json()).toEqual(answer.receipt);
    expect(await service.store.allEvents.all()).toHaveLength(6);
    expect(canonicalize(decodePublicKey((await app.inject({ method: 'GET', url: '/v1/health' })).json().pub))).toBe(
      canonicalize(service.identity.signer.publicKey),
    );
  });

  it('limits requests per address: past the limit, 429 rate_limited with the seconds to wait', async () => {
    const limited = buildServer(service, { rateLimit: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await limited.inject({ method: 'GET', url: '/v1/health' })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.inject({ method: 'GET', url: '/v1/health' });
      expect(refused.json()).toMatchObject({ error: 'rate_limited' });
      expect(refused.json().retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('limits bytes per address too: past the budget, 429 rate_limited, however the body is sent', async () => {
    const limited = buildServer(service, { byteLimit: 10_000 });
    try {
      const post = (length: number) =>
        limited.inject({
          method: 'POST',
          url: '/v1/batches',
          headers: { 'content-type': 'application/json' },
          payload: Buffer.alloc(length, 0x20),
        });
      expect((await post(4_000)).json().error).toBe('bad_json'); // read (and refused as empty JSON): counted
      expect((await post(4_000)).json().error).toBe('bad_json');
      const over = await post(4_000);
      expect([over.statusCode, over.json().error]).toEqual([429, 'rate_limited']);
      expect(over.json().retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('answers only to its own host names: the status page and receipts are not served to another Host', async () => {
    const named = buildServer(service, { hostNames: ['jianding.example.gov.cn'] });
    try {
      for (const host of ['127.0.0.1:8787', 'localhost', 'jianding.example.gov.cn:443', 'JIANDING.example.gov.cn']) {
        expect([
          host,
          (await named.inject({ method: 'GET', url: '/v1/health', headers: { host } })).statusCode,
        ]).toEqual([host, 200]);
      }
      for (const url of ['/', '/v1/health', `/v1/devices/${newChain().device}/receipt`]) {
        const response = await named.inject({ method: 'GET', url, headers: { host: 'attacker.example' } });
        expect([url, response.statusCode, response.json().error]).toEqual([url, 421, 'unknown_host']);
      }
    } finally {
      await named.close();
    }
  });

  it('sends a caller at / to the console (the status page is behind its login now)', async () => {
    await enrolledDevice();
    const page = await app.inject({ method: 'GET', url: '/' });
    expect([page.statusCode, page.headers.location]).toEqual([302, '/console/']);
    expect(page.body).not.toContain('考务一号机');
  });
});
