/**
 * The strict JSON parser FORMATS.md §1 requires: I-JSON, UTF-8 without BOM, no duplicate member
 * names (`duplicate_key`), no `__proto__`/`constructor`/`prototype` names (`forbidden_key`), no
 * nesting deeper than 32 (`bad_json`). Everything else malformed is `bad_json`.
 */
import { WireError } from './errors';

export const maxJsonDepth = 32;
const forbiddenNames = new Set(['__proto__', 'constructor', 'prototype']);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) throw new WireError('bad_json', 'UTF-8 byte order mark');
  try {
    return decoder.decode(bytes);
  } catch {
    throw new WireError('bad_json', 'not valid UTF-8');
  }
}

export function parseStrictJson(input: string | Uint8Array): unknown {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text.charCodeAt(0) === 0xfeff) throw new WireError('bad_json', 'byte order mark');
  let at = 0;

  const fail = (what: string): never => {
    throw new WireError('bad_json', `${what} at offset ${at}`);
  };
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) at += 1;
      else return;
    }
  };

  const parseString = (): string => {
    // at is on the opening quote
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
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(at, at + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
            out += String.fromCharCode(parseInt(hex, 16));
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

  const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const parseNumber = (): number => {
    numberPattern.lastIndex = at;
    const match = numberPattern.exec(text);
    if (!match) return fail('bad number');
    at += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) fail('number out of range');
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
        at += 1;
        const object: Record<string, unknown> = {};
        const seen = new Set<string>();
        skipSpace();
        if (text[at] === '}') {
          at += 1;
          return object;
        }
        for (;;) {
          skipSpace();
          if (text[at] !== '"') fail('expected a member name');
          const name = parseString();
          if (forbiddenNames.has(name)) throw new WireError('forbidden_key', `member name "${name}" is forbidden`);
          if (seen.has(name)) throw new WireError('duplicate_key', `duplicate member name "${name}"`);
          seen.add(name);
          skipSpace();
          if (text[at] !== ':') fail('expected ":"');
          at += 1;
          object[name] = parseValue(depth + 1);
          skipSpace();
          if (text[at] === ',') {
            at += 1;
            continue;
          }
          if (text[at] === '}') {
            at += 1;
            return object;
          }
          fail('expected "," or "}"');
        }
      }
      // falls through: unreachable, the loop returns or throws
      case '[': {
        at += 1;
        const array: unknown[] = [];
        skipSpace();
        if (text[at] === ']') {
          at += 1;
          return array;
        }
        for (;;) {
          array.push(parseValue(depth + 1));
          skipSpace();
          if (text[at] === ',') {
            at += 1;
            continue;
          }
          if (text[at] === ']') {
            at += 1;
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
  return value;
}
