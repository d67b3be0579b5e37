/**
 * The desktop app's calls to its district authority (shared/sync/district.ts): the renderer
 * asks over IPC (its argument already checked by the channel's schema — a district origin and a
 * FORMATS.md §8 route), and the main process makes the call with Chromium's network stack
 * (Electron's net.fetch: the system's trusted certificates and proxy settings).
 */
import type { DistrictRequest, DistrictResponse } from '../shared/sync/district';

/** Long enough for a large package over a slow line; a stalled call ends instead of hanging sync. */
export const districtTimeoutMs = 120_000;

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export async function districtFetch(request: DistrictRequest, fetch: Fetch): Promise<DistrictResponse> {
  let response: Response;
  try {
    response = await fetch(`${request.origin}${request.path}`, {
      method: request.method,
      headers: request.contentType ? { 'Content-Type': request.contentType } : {},
      ...(request.body ? { body: request.body as Uint8Array<ArrayBuffer> } : {}),
      // The authority never redirects; following one could leave the district's origin.
      redirect: 'error',
      signal: AbortSignal.timeout(districtTimeoutMs),
    });
  } catch (error) {
    return { reached: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { reached: true, status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}
