/**
 * The strict JSON parser FORMATS.md §1 requires: I-JSON, UTF-8 without BOM, no duplicate member
 * names (`duplicate_key`), no `__proto__`/`constructor`/`prototype` names (`forbidden_key`), no
 * nesting deeper than 32 (`bad_json`). Everything else malformed is `bad_json`.
 */
import { wellFormed } from './canonical';
import { WireError } from './errors';

export const maxJsonDepth = 32;
// All three are at least 9 characters long: shorter names skip the lookup.
const forbiddenNames = new Set(['__proto__', 'constructor', 'prototype']);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    throw new WireError('bad_json', 'UTF-8 byte order mark');
  try {
    return decoder.decode(bytes);
  } catch {
    throw new WireError('bad_json', 'not valid UTF-8');
  }
}

export function parseStrictJson(input: string | Uint8Array): unknown {
  return parse(input, -1).value;
}

/**
 * The canonical text (RFC 8785) of parsed objects and arrays whose source was already canonical:
 * the source slice itself. Whoever parses a batch can then hash and store each event's text
 * without serialising it again (the app sends canonical JSON, so this is the common case).
 */
export interface SourceTexts {
  get(value: object): string | undefined;
}

/**
 * parseStrictJson, also keeping the source text of every object and array nested at most
 * `depth` deep (the root is depth 0) whose source is exactly its canonical form: no whitespace,
 * member names in ascending UTF-16 order, no escapes in strings, numbers as ECMAScript writes
 * them. A value whose source is not canonical has no text (the caller serialises it).
 */
export function parseStrictJsonWithTexts(
  input: string | Uint8Array,
  depth: number,
): { value: unknown; texts: SourceTexts } {
  const texts = new Map<object, string>();
  return { value: parse(input, depth, texts).value, texts };
}

function parse(input: string | Uint8Array, textDepth: number, texts?: Map<object, string>): { value: unknown } {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text.charCodeAt(0) === 0xfeff) throw new WireError('bad_json', 'byte order mark');
  // A string given as such may hold lone surrogates (UTF-8 input cannot): no texts from it then,
  // so that canonicalize, which refuses them, still decides.
  if (typeof input === 'string' && !wellFormed(input)) textDepth = -1;
  let at = 0;
  // Counts what makes a source differ from its canonical form; a value is canonical when the
  // count did not move while it was parsed.
  let irregular = 0;

  const fail = (what: string): never => {
    throw new WireError('bad_json', `${what} at offset ${at}`);
  };
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        at += 1;
        irregular += 1;
      } else return;
    }
  };

  // A text without backslashes or control characters (what the app sends) has strings that end
  // at the next quote, which indexOf finds natively.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  const plainStrings = !/[\u0000-\u001f\\]/.test(text);

  const parseString = (): string => {
    // at is on the opening quote
    if (plainStrings) {
      const end = text.indexOf('"', at + 1);
      if (end < 0) fail('unterminated string');
      const value = text.slice(at + 1, end);
      at = end + 1;
      return value;
    }
    at += 1;
    let out = '';
    let start = at;
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        out += text.slice(start, at);
        at += 1;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(start, at);
        const e = text[at + 1];
        at += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            irregular += 1;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(at, at + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
            const unit = parseInt(hex, 16);
            // JCS writes \u only for the control characters without a short form, in lowercase.
            if (unit >= 0x20 || '\b\f\n\r\t'.includes(String.fromCharCode(unit)) || hex !== hex.toLowerCase())
              irregular += 1;
            out += String.fromCharCode(unit);
            at += 4;
            break;
          }
          default:
            fail('bad escape');
        }
        start = at;
        continue;
      }
      at += 1;
    }
  };

  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, read by hand: numbers are most of a score sheet.
  const parseNumber = (): number => {
    const start = at;
    let c = text.charCodeAt(at);
    if (c === 0x2d) c = text.charCodeAt(++at);
    if (c === 0x30) c = text.charCodeAt(++at);
    else if (isDigit(c)) while (isDigit(c)) c = text.charCodeAt(++at);
    else fail('bad number');
    let integer = true;
    if (c === 0x2e) {
      integer = false;
      c = text.charCodeAt(++at);
      if (!isDigit(c)) fail('bad number');
      while (isDigit(c)) c = text.charCodeAt(++at);
    }
    if (c === 0x65 || c === 0x45) {
      integer = false;
      c = text.charCodeAt(++at);
      if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++at);
      if (!isDigit(c)) fail('bad number');
      while (isDigit(c)) c = text.charCodeAt(++at);
    }
    const literal = text.slice(start, at);
    const value = Number(literal);
    if (!Number.isFinite(value)) fail('number out of range');
    // A short integer is written back as it came (except -0); anything else is compared.
    if (!(integer && literal.length < 16 && literal !== '-0') && String(value) !== literal) irregular += 1;
    return value;
  };

  const parseValue = (depth: number): unknown => {
    skipSpace();
    const c = text[at];
    if (c === '{' || c === '[') {
      if (depth + 1 > maxJsonDepth) throw new WireError('bad_json', `nesting deeper than ${maxJsonDepth}`);
    }
    switch (c) {
      case '{': {
        const start = at;
        const irregularBefore = irregular;
        at += 1;
        const object: Record<string, unknown> = {};
        skipSpace();
        if (text.charCodeAt(at) === 0x7d) {
          at += 1;
          if (depth <= textDepth && irregular === irregularBefore) texts!.set(object, '{}');
          return object;
        }
        let previousName: string | undefined;
        let unordered = false;
        for (;;) {
          skipSpace();
          if (text.charCodeAt(at) !== 0x22) fail('expected a member name');
          const name = parseString();
          if (name.length >= 9 && forbiddenNames.has(name))
            throw new WireError('forbidden_key', `member name "${name}" is forbidden`);
          // Names in ascending order cannot repeat: look for a repeat only once the order breaks.
          if (!unordered && previousName !== undefined && !(name > previousName)) {
            unordered = true;
            irregular += 1;
          }
          if (unordered && Object.hasOwn(object, name))
            throw new WireError('duplicate_key', `duplicate member name "${name}"`);
          previousName = name;
          skipSpace();
          if (text.charCodeAt(at) !== 0x3a) fail('expected ":"');
          at += 1;
          object[name] = parseValue(depth + 1);
          skipSpace();
          const next = text.charCodeAt(at);
          if (next === 0x2c) {
            at += 1;
            continue;
          }
          if (next === 0x7d) {
            at += 1;
            if (depth <= textDepth && irregular === irregularBefore) texts!.set(object, text.slice(start, at));
            return object;
          }
          fail('expected "," or "}"');
        }
      }
      // falls through: unreachable, the loop returns or throws
      case '[': {
        const start = at;
        const irregularBefore = irregular;
        at += 1;
        const array: unknown[] = [];
        skipSpace();
        if (text.charCodeAt(at) === 0x5d) {
          at += 1;
          if (depth <= textDepth && irregular === irregularBefore) texts!.set(array, '[]');
          return array;
        }
        for (;;) {
          array.push(parseValue(depth + 1));
          skipSpace();
          const next = text.charCodeAt(at);
          if (next === 0x2c) {
            at += 1;
            continue;
          }
          if (next === 0x5d) {
            at += 1;
            if (depth <= textDepth && irregular === irregularBefore) texts!.set(array, text.slice(start, at));
            return array;
          }
          fail('expected "," or "]"');
        }
      }
      // falls through: unreachable
      case '"':
        return parseString();
      case 't':
        if (text.startsWith('true', at)) {
          at += 4;
          return true;
        }
        return fail('bad literal');
      case 'f':
        if (text.startsWith('false', at)) {
          at += 5;
          return false;
        }
        return fail('bad literal');
      case 'n':
        if (text.startsWith('null', at)) {
          at += 4;
          return null;
        }
        return fail('bad literal');
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
        return fail(at >= text.length ? 'unexpected end' : 'unexpected character');
    }
  };

  const value = parseValue(0);
  skipSpace();
  if (at !== text.length) fail('trailing characters');
  return { value };
}
