/**
 * The authority's HTTP API (FORMATS.md §8) over the plain functions of service.ts. JSON bodies are
 * parsed by the project's strict parser (duplicate or forbidden names are refused); every error
 * is `{ error, message }` with a status fixed per code below.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { WireError, isWireError, type WireErrorCode } from '../shared/ledger/errors';
import { hashPattern } from '../shared/ledger/hash';
import { uuidPattern } from '../shared/ledger/ids';
import { parseStrictJsonWithTexts } from '../shared/ledger/strictJson';
import { eventTextDepth, type BatchSource } from '../shared/sync/batch';
import { wireErrorMessage } from '../shared/sync/errorMessages';
import { acceptBatch, acceptPackage, enroll, health, putAttachment, receiptFor, type Service } from './service';
import { statusPage } from './statusPage';

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
};

export interface HttpOptions {
  /** Largest JSON body (a batch of 5,000 events fits comfortably). */
  jsonLimit?: number;
  /** Largest package upload. */
  packageLimit?: number;
  /** Requests per address per minute. */
  rateLimit?: number;
  logger?: boolean;
}

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

/** A JSON route's body: parsed already, or raw bytes sent without a JSON content type. */
function jsonBody(body: unknown): JsonBody {
  return Buffer.isBuffer(body) ? parseJsonBody(body) : (body as JsonBody);
}

function send(reply: FastifyReply, code: WireErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(errorStatus[code]).send({ error: code, message, ...extra });
}

export function buildServer(service: Service, options: HttpOptions = {}): FastifyInstance {
  const jsonLimit = options.jsonLimit ?? 64 * 1024 * 1024;
  const packageLimit = options.packageLimit ?? 512 * 1024 * 1024;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: jsonLimit });

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

  // Per-address rate limiting: a fixed window per minute.
  const rateLimit = options.rateLimit ?? 1200;
  const windows = new Map<string, { start: number; count: number }>();
  app.addHook('onRequest', async (request, reply) => {
    const now = Date.now();
    const window = windows.get(request.ip);
    if (!window || now - window.start > 60_000) windows.set(request.ip, { start: now, count: 1 });
    else if (++window.count > rateLimit) return send(reply, 'rate_limited', wireErrorMessage('rate_limited', 'en'), { retryAfterSeconds: Math.ceil((window.start + 60_000 - now) / 1000) });
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: packageLimit }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, _request, reply) => {
    if (isWireError(error)) return send(reply, error.code, error.message);
    const fastifyError = error as { code?: string; statusCode?: number; message: string };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 'too_large', 'the body is larger than allowed');
    if (fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, 'bad_json', fastifyError.message);
    app.log.error(error);
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  app.get('/v1/health', async () => health(service));

  app.post('/v1/enroll', async (request, reply) => reply.code(201).send(await enroll(service, jsonBody(request.body).value)));

  app.post('/v1/batches', async (request, reply) => {
    const { value, source } = jsonBody(request.body);
    const outcome = await acceptBatch(service, value, source);
    if (outcome.status === 'gap') return send(reply, 'gap', `the next expected seq is ${outcome.expected}`, { expected: outcome.expected });
    if (outcome.status === 'fork') return send(reply, 'fork', `seq ${outcome.seq} differs from the event held; the batch is quarantined`, { seq: outcome.seq });
    return { receipt: outcome.receipt, accepted: outcome.accepted, duplicate: outcome.duplicate };
  });

  app.put<{ Params: { hash: string } }>('/v1/attachments/:hash', { bodyLimit: 64 * 1024 * 1024 }, async (request, reply) => {
    if (!hashPattern.test(request.params.hash)) throw new WireError('bad_schema', 'not a SHA-256 address');
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new WireError('bad_schema', 'send the raw bytes (application/octet-stream)');
    const result = putAttachment(service, request.params.hash, new Uint8Array(body));
    return reply.code(result === 'created' ? 201 : 200).send({ hash: request.params.hash, status: result });
  });

  app.get<{ Params: { device: string } }>('/v1/devices/:device/receipt', async (request) => {
    if (!uuidPattern.test(request.params.device)) throw new WireError('unknown_device', 'not a device id');
    return receiptFor(service, request.params.device);
  });

  app.post('/v1/packages', { bodyLimit: packageLimit }, async (request) => {
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new WireError('bad_zip', 'send the .kdpkg bytes (application/octet-stream)');
    return acceptPackage(service, new Uint8Array(body));
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'").send(statusPage(service)));

  return app;
}
