/**
 * The authority's HTTP API (FORMATS.md §8) over the plain functions of service.ts. JSON bodies are
 * parsed by the project's strict parser (duplicate or forbidden names are refused); every error
 * is `{ error, message }` with a status fixed per code below.
 */
import { Transform, type Readable } from 'node:stream';
import rateLimitPlugin from '@fastify/rate-limit';
import http from 'node:http';
import https from 'node:https';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { WireError, isWireError, type WireErrorCode } from '../shared/ledger/errors';
import { hashPattern } from '../shared/ledger/hash';
import { uuidPattern } from '../shared/ledger/ids';
import { parseStrictJsonWithTexts } from '../shared/ledger/strictJson';
import { eventTextDepth, type BatchSource } from '../shared/sync/batch';
import { wireErrorMessage } from '../shared/sync/errorMessages';
import { acceptBatch, acceptPackage, enroll, health, putAttachment, receiptFor, type Service } from './service';
import { registerConsole } from './console';
import { createInflatePool, type InflatePool } from './inflatePool';

export const errorStatus: Record<WireErrorCode, number> = {
  bad_json: 400,
  duplicate_key: 400,
  forbidden_key: 400,
  bad_schema: 400,
  unsupported_version: 400,
  too_large: 413,
  bad_zip: 422,
  unsafe_path: 422,
  unlisted_entry: 422,
  missing_entry: 422,
  hash_mismatch: 422,
  bad_signature: 422,
  broken_chain: 422,
  unknown_key: 403,
  revoked_key: 403,
  bad_code: 403,
  unknown_device: 404,
  gap: 409,
  fork: 409,
  used_code: 409,
  expired_code: 410,
  rate_limited: 429,
  device_enrolled: 409,
  unreferenced: 409,
  bad_seal: 422,
  not_recipient: 422,
};

export interface HttpOptions {
  /** Largest JSON body (a batch of 5,000 events fits comfortably). */
  jsonLimit?: number;
  /** Largest package upload. */
  packageLimit?: number;
  /** Largest attachment. */
  attachmentLimit?: number;
  /** Requests per address per minute. */
  rateLimit?: number;
  /** Request bytes per address per minute. */
  byteLimit?: number;
  /**
   * Whether to believe X-Forwarded-For (behind a reverse proxy only): true, or the proxies'
   * addresses. Off by default, so an address cannot be forged to dodge the limits.
   */
  trustProxy?: boolean | string | string[];
  /** The worker pool for packages; by default one is started with the first package. */
  inflatePool?: InflatePool;
  /** Host names the service answers to (the Host header without its port); others get 421. */
  hostNames?: readonly string[];
  logger?: boolean;
  /** The built console's folder (default: dist/console). */
  consoleDir?: string;
  /** Serve HTTPS with this certificate and key (PEM); HSTS is sent then. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** What every server answers to: loopback. `serve` adds its listen address and `--host-name`s. */
export const loopbackHostNames = ['127.0.0.1', 'localhost', '[::1]', '::1'];

/** A JSON body as the routes get it: the value, and the bytes with the source texts the parser kept. */
interface JsonBody {
  value: unknown;
  source: BatchSource;
}

function parseJsonBody(body: Buffer): JsonBody {
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const { value, texts } = parseStrictJsonWithTexts(bytes, eventTextDepth);
  return { value, source: { bytes, texts } };
}

/** FORMATS.md §8: a JSON route takes `application/json`, with at most a `charset=utf-8` parameter. */
const jsonContentType = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Refuses a JSON route's request by its content type (415 bad_json), before its body is read. */
async function requireJson(
  request: Pick<FastifyRequest, 'headers'>,
  reply: { code(status: number): { send(body: unknown): unknown } },
) {
  if (!jsonContentType.test(request.headers['content-type'] ?? ''))
    return reply.code(415).send({ error: 'bad_json', message: 'this route takes application/json (UTF-8) only' });
}

function send(reply: FastifyReply, code: WireErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(errorStatus[code]).send({ error: code, message, ...extra });
}

/** Per-address byte budget per minute: a declared length counted (and refused) up front, a chunked body as it streams in. */
function byteLimiter(limit: number) {
  const windows = new Map<string, { start: number; bytes: number }>();
  const windowOf = (ip: string) => {
    const now = Date.now();
    let window = windows.get(ip);
    if (!window || now - window.start >= 60_000) {
      if (windows.size > 100_000) windows.clear();
      window = { start: now, bytes: 0 };
      windows.set(ip, window);
    }
    return window;
  };
  const refusal = (window: { start: number }) =>
    new WireError('rate_limited', wireErrorMessage('rate_limited', 'en'), {
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + 60_000 - Date.now()) / 1000)),
    });
  return async (request: Pick<FastifyRequest, 'ip' | 'headers'>, _reply: unknown, payload: NodeJS.ReadableStream) => {
    const window = windowOf(request.ip);
    const length = request.headers['content-length'];
    if (length !== undefined) {
      // Fastify holds the body to its declared length, so the declared length is what arrives.
      if (window.bytes + Number(length) > limit) throw refusal(window);
      window.bytes += Number(length);
      return payload;
    }
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        window.bytes += chunk.length;
        done(window.bytes > limit ? refusal(window) : null, chunk);
      },
    });
    return (payload as Readable).pipe(counted);
  };
}

export function buildServer(service: Service, options: HttpOptions = {}): FastifyInstance {
  const jsonLimit = options.jsonLimit ?? 64 * 1024 * 1024;
  const packageLimit = options.packageLimit ?? 512 * 1024 * 1024;
  const attachmentLimit = options.attachmentLimit ?? 64 * 1024 * 1024;
  const hostNames = new Set([...loopbackHostNames, ...(options.hostNames ?? [])].map((name) => name.toLowerCase()));
  const tls = options.tls;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: jsonLimit,
    trustProxy: options.trustProxy ?? false,
    // Direct TLS (`serve --tls-cert --tls-key`); behind a reverse proxy the proxy does it.
    ...(tls ? { serverFactory: (handler: http.RequestListener) => https.createServer(tls, handler) } : {}),
  });
  if (tls)
    // A browser that has once reached the service over HTTPS never tries plain HTTP for it again.
    app.addHook('onSend', async (_request, reply) => {
      reply.header('Strict-Transport-Security', 'max-age=31536000');
    });

  // Only the names this service is published under: a request for another host (DNS rebinding, a
  // misdirected proxy) gets nothing, neither the status page nor a receipt.
  app.addHook('onRequest', async (request, reply) => {
    if (!hostNames.has(request.hostname.toLowerCase()))
      return reply.code(421).send({
        error: 'unknown_host',
        message: `this service does not answer to ${JSON.stringify(request.hostname).slice(0, 80)}`,
      });
  });

  // The app in browser mode calls from another origin. The API carries no cookies or ambient
  // authority — every write is judged by its signatures — so any origin may call it.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    reply.header('Access-Control-Allow-Origin', '*');
    if (request.method === 'OPTIONS') {
      return reply
        .header('Access-Control-Allow-Methods', 'GET, POST, PUT')
        .header('Access-Control-Allow-Headers', 'Content-Type')
        .header('Access-Control-Max-Age', '600')
        .code(204)
        .send();
    }
  });

  // Per-address limits: requests (@fastify/rate-limit) and bytes (counted as they arrive).
  void app.register(rateLimitPlugin, {
    max: options.rateLimit ?? 1200,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new WireError('rate_limited', wireErrorMessage('rate_limited', 'en'), {
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  app.addHook('preParsing', byteLimiter(options.byteLimit ?? 1024 * 1024 * 1024));

  // Bodies arrive as bytes whatever their type; each route says what it takes and how much.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, _request, reply) => {
    if (isWireError(error)) return send(reply, error.code, error.message, error.details);
    const fastifyError = error as { code?: string; statusCode?: number; message: string };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return send(reply, 'too_large', 'the body is larger than allowed');
    if (fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return send(reply, 'bad_json', fastifyError.message);
    app.log.error(error);
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  const json = { bodyLimit: jsonLimit, onRequest: requireJson };
  const jsonBody = (body: unknown): JsonBody => {
    if (!Buffer.isBuffer(body)) throw new WireError('bad_json', 'the body is empty');
    return parseJsonBody(body);
  };

  // Packages are inflated and hashed in worker threads: the pool given (`serve` starts it with
  // the service), or one started with the first package; closed with the server.
  let pool = options.inflatePool;
  app.addHook('onClose', async () => pool?.close());

  void app.register(async (api) => {
    // 503 when the store does not answer, so a load balancer sends the sites elsewhere.
    api.get('/v1/health', async (_request, reply) => {
      const answer = await health(service);
      return reply.code(answer.ok ? 200 : 503).send(answer);
    });

    api.post('/v1/enroll', json, async (request, reply) =>
      reply.code(201).send(await enroll(service, jsonBody(request.body).value)),
    );

    api.post('/v1/batches', json, async (request, reply) => {
      const { value, source } = jsonBody(request.body);
      const outcome = await acceptBatch(service, value, source);
      if (outcome.status === 'gap')
        return send(reply, 'gap', `the next expected seq is ${outcome.expected}`, { expected: outcome.expected });
      if (outcome.status === 'fork')
        return send(reply, 'fork', `seq ${outcome.seq} differs from the event held; the batch is quarantined`, {
          seq: outcome.seq,
        });
      if (outcome.status === 'broken_chain')
        return send(reply, 'broken_chain', `${outcome.message}; the batch is quarantined`);
      return { receipt: outcome.receipt, accepted: outcome.accepted, duplicate: outcome.duplicate };
    });

    api.put<{ Params: { hash: string } }>(
      '/v1/attachments/:hash',
      { bodyLimit: attachmentLimit },
      async (request, reply) => {
        if (!hashPattern.test(request.params.hash)) throw new WireError('bad_schema', 'not a SHA-256 address');
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new WireError('bad_schema', 'send the raw bytes (application/octet-stream)');
        const result = await putAttachment(service, request.params.hash, new Uint8Array(body));
        return reply.code(result === 'created' ? 201 : 200).send({ hash: request.params.hash, status: result });
      },
    );

    api.get<{ Params: { device: string } }>('/v1/devices/:device/receipt', async (request) => {
      if (!uuidPattern.test(request.params.device)) throw new WireError('unknown_device', 'not a device id');
      return receiptFor(service, request.params.device);
    });

    api.post('/v1/packages', { bodyLimit: packageLimit }, async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new WireError('bad_zip', 'send the .kdpkg bytes (application/octet-stream)');
      const bytes = new Uint8Array(body);
      return acceptPackage(service, bytes, (plain) => (pool ??= createInflatePool()).forPackage(plain));
    });

    // The public status page went behind the console's login: callers without one get only
    // /v1/* and the console's login page.
    api.get('/', async (_request, reply) => reply.redirect('/console/'));
  });
  void app.register((scope) => registerConsole(scope, service, options.consoleDir), { prefix: '/console' });

  return app;
}
