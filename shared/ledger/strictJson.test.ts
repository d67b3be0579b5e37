import { describe, expect, it } from 'vitest';
import { parseStrictJson } from './strictJson';

const code = (input: string | Uint8Array) => {
  try {
    parseStrictJson(input);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'crash';
  }
};

describe('the strict JSON parser', () => {
  it('parses what JSON.parse parses, the same way', () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{"c":""},"考点":"威海"}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    expect(parseStrictJson(new TextEncoder().encode(text))).toEqual(JSON.parse(text));
  });

  it('rejects duplicate names at any depth', () => {
    expect(code('{"a":1,"a":2}')).toBe('duplicate_key');
    expect(code('{"x":{"b":[{"a":1,"a":1}]}}')).toBe('duplicate_key');
    // Escapes do not hide a duplicate.
    expect(code('{"a":1,"\\u0061":2}')).toBe('duplicate_key');
  });

  it('rejects the forbidden names at any depth', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      expect(code(`{"${name}":{}}`)).toBe('forbidden_key');
      expect(code(`[{"ok":{"${name}":1}}]`)).toBe('forbidden_key');
    }
    expect(code('{"__pro\\u0074o__":{}}')).toBe('forbidden_key');
  });

  it('allows 32 levels of nesting and refuses 33', () => {
    expect(code('['.repeat(32) + ']'.repeat(32))).toBe('ok');
    expect(code('['.repeat(33) + ']'.repeat(33))).toBe('bad_json');
    expect(code('{"a":'.repeat(33) + '1' + '}'.repeat(33))).toBe('bad_json');
    expect(code('['.repeat(100000))).toBe('bad_json');
  });

  it.each(['', ' ', '{', '{"a"}', '{"a":1,}', '[1,]', '01', '1.', '.5', '+1', 'NaN', 'tru', '"\\x"', '"a\nb"', '{"a":1} x', "{'a':1}", '1e999', '"\\ud83d"x'])(
    'rejects malformed input %j as bad_json',
    (input) => {
      expect(code(input)).toBe('bad_json');
    },
  );

  it('rejects a byte order mark and invalid UTF-8', () => {
    expect(code(new Uint8Array([0xef, 0xbb, 0xbf, 0x31]))).toBe('bad_json');
    expect(code(new Uint8Array([0x22, 0xff, 0x22]))).toBe('bad_json');
    expect(code('\ufeff1')).toBe('bad_json');
  });
});
