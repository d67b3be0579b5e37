/**
 * A fault-injecting HTTP proxy on loopback, between the app's sync engine and the authority.
 * Per request, by a seeded draw: pass it through; drop it (close the connection unanswered);
 * delay it; send it upstream twice; cut the request body midway; cut the response body midway;
 * or answer 500 without asking upstream. Counts what it did, for the report.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const faultKinds = ['pass', 'drop', 'delay', 'duplicate', 'cut_request', 'cut_response', 'error_500'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultProxy {
  url: string;
  counts: Record<FaultKind, number>;
  close(): Promise<void>;
}

/** Probability of each fault (the rest passes). */
export type FaultRates = Partial<Record<Exclude<FaultKind, 'pass'>, number>>;

export async function startFaultProxy(upstream: string, rates: FaultRates, random: () => number): Promise<FaultProxy> {
  const target = new URL(upstream);
  const counts = Object.fromEntries(faultKinds.map((k) => [k, 0])) as Record<FaultKind, number>;
  const choose = (): FaultKind => {
    let draw = random();
    for (const [kind, rate] of Object.entries(rates) as [FaultKind, number][]) {
      if (draw < rate) return kind;
      draw -= rate;
    }
    return 'pass';
  };
  const forward = (
    request: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstreamRequest = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: target.host, 'content-length': String(body.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        },
      );
      upstreamRequest.on('error', reject);
      upstreamRequest.end(body);
    });

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const kind = choose();
        counts[kind] += 1;
        try {
          if (kind === 'drop') return response.socket?.destroy();
          if (kind === 'error_500')
            return response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
          if (kind === 'delay') await new Promise((r) => setTimeout(r, 50 + Math.floor(random() * 250)));
          if (kind === 'cut_request') {
            // Upstream sees half a body (and refuses it); the caller sees the connection fail.
            await forward(request, body.subarray(0, Math.floor(body.length / 2))).catch(() => undefined);
            return response.socket?.destroy();
          }
          if (kind === 'duplicate') await forward(request, body);
          const answer = await forward(request, body);
          if (kind === 'cut_response' && answer.body.length > 1) {
            response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
            response.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
            return response.socket?.destroy();
          }
          response.writeHead(answer.status, answer.headers).end(answer.body);
        } catch {
          response.socket?.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
