/**
 * Hostile mutations of valid input (fast-check): bytes flipped, cut off or inserted; members
 * renamed, numbers changed, events dropped, repeated or swapped; zip entries dropped, repeated or
 * renamed; sealed packages' header and chunks flipped, cut or padded. Each mutant posted to a real authority is either rejected with a FORMATS.md code and
 * changes nothing but the quarantine, or is the valid input after all (same events accepted).
 * Never a 500. 1,000 cases in `npm test`, 10,000 with KAODIAN_SOAK=1 (`npm run soak`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { wireErrorCodes } from '../shared/ledger/errors';
import { corpusDir } from './attackCorpus';
import { corpusAuthority } from './support/corpusAuthority';

const soak = process.env.KAODIAN_SOAK === '1';
const runs = soak ? 5_000 : 500;
const codes = new Set<string>(wireErrorCodes);
const tally = { rejected: 0, sameAsValid: 0, byCode: new Map<string, number>() };

type Authority = Awaited<ReturnType<typeof corpusAuthority>>;

/** The fingerprint of an authority that took the valid input: what an accepted mutant must equal. */
async function fingerprintAfterValid(route: 'batches' | 'packages', valid: Uint8Array): Promise<string> {
  const authority = await corpusAuthority({ rateLimit: Number.MAX_SAFE_INTEGER });
  expect((await authority.post(route, valid)).statusCode).toBe(200);
  const fingerprint = await authority.fingerprint();
  await authority.close();
  return fingerprint;
}

async function judge(
  route: 'batches' | 'packages',
  mutant: Uint8Array,
  state: { authority: Authority; empty: string; accepted: string },
): Promise<void> {
  const response = await state.authority.post(route, mutant);
  expect(response.statusCode, response.body).not.toBe(500);
  const body = response.json() as { error?: string; batches?: { status: string; error?: string }[] };
  const rejectedBatches = body.batches?.filter((b) => b.status === 'rejected') ?? [];
  const after = await state.authority.fingerprint();
  if (response.statusCode >= 400 || (body.batches && rejectedBatches.length === body.batches.length)) {
    const code = body.error ?? rejectedBatches[0]?.error;
    expect(codes.has(code!), `code ${code}`).toBe(true);
    // Every mutant must be judged on its content, not turned away at the door.
    expect(code).not.toBe('rate_limited');
    expect(after).toBe(state.empty);
    tally.rejected += 1;
    tally.byCode.set(code!, (tally.byCode.get(code!) ?? 0) + 1);
    return;
  }
  // Accepted: then it was the valid input in another form (e.g. insignificant whitespace), nothing else.
  expect(after).toBe(state.accepted);
  tally.sameAsValid += 1;
  await state.authority.close();
  state.authority = await corpusAuthority({ rateLimit: Number.MAX_SAFE_INTEGER });
}

const byteMutation = (length: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat({ max: length - 1 }),
      xor: fc.integer({ min: 1, max: 255 }),
    }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: length - 1 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat({ max: length }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  );

function applyBytes(
  bytes: Uint8Array,
  m: { kind: 'flip' | 'cut' | 'insert'; at: number; xor?: number; bytes?: Uint8Array },
): Uint8Array {
  if (m.kind === 'flip') {
    const out = bytes.slice();
    out[m.at] = out[m.at]! ^ m.xor!;
    return out;
  }
  if (m.kind === 'cut') return bytes.slice(0, m.at);
  return Uint8Array.from([...bytes.slice(0, m.at), ...m.bytes!, ...bytes.slice(m.at)]);
}

describe('hostile mutations of valid input', { timeout: soak ? 3_600_000 : 300_000 }, () => {
  afterAll(() => {
    console.log(
      `hostile mutations: ${tally.rejected} rejected with a code, ${tally.sameAsValid} the valid input after all; codes: ${[...tally.byCode].map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
  });

  it(`batches: ${runs} mutants over HTTP`, async () => {
    const valid = new Uint8Array(await readFile(path.join(corpusDir, 'valid-batch-1-5.json')));
    const state = {
      authority: await corpusAuthority({ rateLimit: Number.MAX_SAFE_INTEGER }),
      empty: '',
      accepted: await fingerprintAfterValid('batches', valid),
    };
    state.empty = await state.authority.fingerprint();
    const document = JSON.parse(new TextDecoder().decode(valid)) as Record<string, unknown> & {
      events: Record<string, unknown>[];
    };
    const structural = fc.oneof(
      fc.record({
        kind: fc.constant('rename' as const),
        member: fc.constantFrom('v', 'kind', 'device', 'kid', 'from', 'to', 'prev', 'head', 'sig', 'events'),
        to: fc.constantFrom('V', 'from ', '__proto__', 'constructor', 'extra'),
      }),
      fc.record({
        kind: fc.constant('number' as const),
        member: fc.constantFrom('v', 'from', 'to'),
        delta: fc.constantFrom(-1, 1, 1e9, 0.5),
      }),
      fc.record({
        kind: fc.constant('event' as const),
        op: fc.constantFrom('drop', 'repeat', 'swap', 'seq', 'body'),
        index: fc.nat({ max: 4 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          byteMutation(valid.length).map((m) => ({ bytes: m })),
          structural.map((s) => ({ structural: s })),
        ),
        async (choice) => {
          let mutant: Uint8Array;
          if ('bytes' in choice) mutant = applyBytes(valid, choice.bytes);
          else {
            const doc: Record<string, unknown> & { events: Record<string, unknown>[] } = structuredClone(document);
            const members = doc as Record<string, unknown>;
            const s = choice.structural;
            if (s.kind === 'rename') {
              const value = members[s.member];
              delete members[s.member];
              members[s.to] = value;
            } else if (s.kind === 'number') members[s.member] = (members[s.member] as number) + s.delta;
            else {
              const events = doc.events;
              if (s.op === 'drop') events.splice(s.index, 1);
              if (s.op === 'repeat') events.splice(s.index, 0, events[s.index]!);
              if (s.op === 'swap')
                [events[s.index], events[(s.index + 1) % events.length]] = [
                  events[(s.index + 1) % events.length]!,
                  events[s.index]!,
                ];
              if (s.op === 'seq') events[s.index]!.seq = (events[s.index]!.seq as number) + 1;
              if (s.op === 'body') events[s.index]!.body = { ...(events[s.index]!.body as object), text: '改过的记录' };
            }
            mutant = new TextEncoder().encode(JSON.stringify(doc));
          }
          await judge('batches', mutant, state);
        },
      ),
      { numRuns: runs, seed: 20261126 },
    );
    await state.authority.close();
  });

  it(`packages: ${runs} mutants over HTTP`, async () => {
    const valid = new Uint8Array(await readFile(path.join(corpusDir, 'valid-package.kdpkg')));
    const state = {
      authority: await corpusAuthority({ rateLimit: Number.MAX_SAFE_INTEGER }),
      empty: '',
      accepted: await fingerprintAfterValid('packages', valid),
    };
    state.empty = await state.authority.fingerprint();
    const names = Object.keys(unzipSync(valid));
    const entryMutation = fc.record({
      op: fc.constantFrom('drop', 'repeat', 'rename', 'empty'),
      entry: fc.constantFrom(...names),
      to: fc.constantFrom('../x.json', 'batches/x.json', 'manifest.json', 'certs/00.json', '/abs.json'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          byteMutation(valid.length).map((m) => ({ bytes: m })),
          entryMutation.map((e) => ({ entry: e })),
        ),
        async (choice) => {
          let mutant: Uint8Array;
          if ('bytes' in choice) mutant = applyBytes(valid, choice.bytes);
          else {
            const files = unzipSync(valid);
            const { op, entry, to } = choice.entry;
            if (op === 'drop') delete files[entry];
            if (op === 'repeat') files[`${entry}.copy`] = files[entry]!;
            if (op === 'rename') {
              files[to] = files[entry]!;
              if (to !== entry) delete files[entry];
            }
            if (op === 'empty') files[entry] = new Uint8Array();
            mutant = zipSync(files);
          }
          await judge('packages', mutant, state);
        },
      ),
      { numRuns: runs, seed: 20261126 },
    );
    await state.authority.close();
  });

  it(`sealed packages: ${runs / 2} mutants over HTTP`, async () => {
    const valid = new Uint8Array(await readFile(path.join(corpusDir, 'valid-sealed.kdpkg')));
    const state = {
      authority: await corpusAuthority({ rateLimit: Number.MAX_SAFE_INTEGER }),
      empty: '',
      accepted: await fingerprintAfterValid('packages', valid),
    };
    state.empty = await state.authority.fingerprint();
    // Half the mutations land in the header (its first few hundred bytes), half anywhere.
    const header = new TextDecoder().decode(valid.subarray(0, 2000)).indexOf('\n', 8);
    await fc.assert(
      fc.asyncProperty(fc.oneof(byteMutation(header), byteMutation(valid.length)), async (m) => {
        await judge('packages', applyBytes(valid, m), state);
      }),
      { numRuns: runs / 2, seed: 20261202 },
    );
    await state.authority.close();
  });
});
