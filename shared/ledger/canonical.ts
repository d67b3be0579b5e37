/**
 * RFC 8785 JSON Canonicalization Scheme. Member names sort by UTF-16 code units (JavaScript's
 * default string order), numbers serialise as ECMAScript does, strings as JSON.stringify does —
 * which is what JCS specifies. Non-finite numbers and lone surrogates are not I-JSON and throw.
 */
import { WireError } from './errors';

// String.prototype.isWellFormed (ES2024; Node 20, Chromium ≥ 111) is false exactly when a
// string has a lone surrogate. It is much faster than a regular expression on every string.
export const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

export function canonicalize(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new WireError('bad_json', 'non-finite number');
      return JSON.stringify(value);
    case 'string':
      if (!wellFormed(value)) throw new WireError('bad_json', 'lone surrogate in string');
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        if (!wellFormed(key)) throw new WireError('bad_json', 'lone surrogate in name');
        members.push(`${JSON.stringify(key)}:${canonicalize(member)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new WireError('bad_json', `cannot canonicalize a ${typeof value}`);
  }
}

const encoder = new TextEncoder();

/** bytes(x) of FORMATS.md §1: the UTF-8 bytes of JCS(x). */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalize(value));
}
