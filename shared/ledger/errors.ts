/**
 * The wire error codes of FORMATS.md §8. Every rejection of wire input carries one of them;
 * shared/sync/errorMessages.ts has their zh-CN and en messages.
 */
export const wireErrorCodes = [
  'bad_json',
  'duplicate_key',
  'forbidden_key',
  'bad_schema',
  'unsupported_version',
  'too_large',
  'bad_zip',
  'unsafe_path',
  'unlisted_entry',
  'missing_entry',
  'hash_mismatch',
  'bad_signature',
  'unknown_key',
  'unknown_device',
  'revoked_key',
  'broken_chain',
  'gap',
  'fork',
  'bad_code',
  'expired_code',
  'used_code',
  'rate_limited',
  'device_enrolled',
  'unreferenced',
  'bad_seal',
  'not_recipient',
] as const;
export type WireErrorCode = (typeof wireErrorCodes)[number];

export class WireError extends Error {
  constructor(
    readonly code: WireErrorCode,
    message: string = code,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'WireError';
  }
}

export function isWireError(error: unknown): error is WireError {
  return error instanceof WireError;
}

/** Runs `fn`; a WireError becomes `{ ok: false, code }`, anything else is rethrown. */
export function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; code: WireErrorCode; message: string } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (isWireError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
