/**
 * The load test's devices, in a process of their own (test/loadTest.ts starts it), so that what
 * is measured is the authority, not the event loop it would otherwise share with 500 signers.
 * Each device signs and posts batches of its own chain back to back, as a device with a backlog
 * does, to an intake process picked at random (as a load balancer spreads them), and checks every
 * answer. Reads its configuration from the file named first; prints one JSON line of results.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { nextEvent, type ChainHead } from '../shared/ledger/append';
import { canonicalize } from '../shared/ledger/canonical';
import { makeBatch } from '../shared/sync/batch';
import { signerFromSeed } from '../authority/nodeCrypto';

export interface LoadGeneratorConfig {
  bases: string[];
  seconds: number;
  eventsPerBatch: number;
  /**
   * Batches each device signs before the clock starts (more are made on the way when they run
   * out): on a machine of two cores, making them while sending had the generator itself in the
   * latency it measured.
   */
  preparedBatches: number;
  devices: { device: string; seed: string }[];
}

export interface LoadGeneratorResult {
  latencies: number[];
  errors: number;
  errorSamples: string[];
  events: number;
  seconds: number;
}

const config = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as LoadGeneratorConfig;
const fleet = config.devices.map((d) => ({
  device: d.device,
  signer: signerFromSeed(new Uint8Array(Buffer.from(d.seed, 'hex'))),
  head: undefined as ChainHead | undefined,
}));
/** The device's next batch: the bytes to post and the head it leaves. */
function makeNext(d: (typeof fleet)[number], head: ChainHead | undefined) {
  const made = [];
  for (let i = 0; i < config.eventsPerBatch; i++) {
    const { event, hash } = nextEvent(
      d.device,
      head,
      {
        actor: 'device',
        type: 'note.logged',
        body: { session: d.device, category: 'discipline', severity: 'info', text: '负载测试记录' },
      },
      { nowMs: Date.now(), offsetMinutes: 480 },
    );
    head = { seq: event.seq, hash, hlc: event.hlc };
    made.push(event);
  }
  return { events: made, head: head! };
}

const prepared = await Promise.all(
  fleet.map(async (d) => {
    const batches: { body: string; head: ChainHead }[] = [];
    let head: ChainHead | undefined;
    for (let n = 0; n < config.preparedBatches; n += 1) {
      const next = makeNext(d, head);
      head = next.head;
      batches.push({ body: canonicalize(await makeBatch(next.events, d.signer)), head });
    }
    return batches;
  }),
);

// node:http with a kept-alive connection per device, as 500 machines would hold. (fetch's pool,
// undici, left some requests waiting up to 12 s on this side while the service answered every
// request within 1.5 s: it measured the client, not the authority.) Every free connection is
// kept: by default the agent closes those beyond 256, and 500 devices then reconnect in bursts
// that overflow the service's accept queue — a dropped SYN is retried after 1, 2, 4, 8 s, which
// is where runs of a commit per batch got a p99 of 15 s.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const latencies: number[] = [];
const errorSamples: string[] = [];
let errors = 0;
let events = 0;
let started = performance.now();
let deadline = Infinity;
/** Each device posts its batches back to back until the deadline, or (`warmUp`) once, not timed. */
const run = (warmUp: boolean) =>
  fleet.map(async (d, n) => {
    const ready = prepared[n]!;
    for (let round = 0; warmUp ? round < 1 : performance.now() < deadline; round += 1) {
      let next = ready.shift();
      if (!next) {
        const made = makeNext(d, d.head);
        next = { body: canonicalize(await makeBatch(made.events, d.signer)), head: made.head };
      }
      const { body, head } = next;
      const base = config.bases[Math.floor(Math.random() * config.bases.length)]!;
      const sent = performance.now();
      try {
        const response = await post(`${base}/v1/batches`, body);
        const answer = JSON.parse(response.body) as { accepted?: number; error?: string };
        if (!warmUp) latencies.push(performance.now() - sent);
        if (response.status !== 200 || answer.accepted !== config.eventsPerBatch)
          throw new Error(`HTTP ${response.status} ${answer.error ?? ''} accepted ${answer.accepted}`);
        d.head = head;
        events += config.eventsPerBatch;
      } catch (error) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(String(error));
        // Sent again: the prepared batches after it follow from it.
        ready.unshift(next);
        // Do not spin on a failing device.
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
// A first batch from every device, not timed: 500 connections opened at once and code not yet
// compiled would otherwise be 2 % of a 15-second run's requests, and its p99.
await Promise.all(run(true));
started = performance.now();
deadline = started + config.seconds * 1000;
await Promise.all(run(false));
const result: LoadGeneratorResult = {
  latencies,
  errors,
  errorSamples,
  events,
  seconds: (performance.now() - started) / 1000,
};
console.log(JSON.stringify(result));
