import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from './canonical';
import { parseStrictJson, parseStrictJsonWithTexts, type SourceTexts } from './strictJson';

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

  it.each([
    '',
    ' ',
    '{',
    '{"a"}',
    '{"a":1,}',
    '[1,]',
    '01',
    '1.',
    '.5',
    '+1',
    'NaN',
    'tru',
    '"\\x"',
    '"a\nb"',
    '{"a":1} x',
    "{'a':1}",
    '1e999',
    '"\\ud83d"x',
  ])('rejects malformed input %j as bad_json', (input) => {
    expect(code(input)).toBe('bad_json');
  });

  it('rejects a byte order mark and invalid UTF-8', () => {
    expect(code(new Uint8Array([0xef, 0xbb, 0xbf, 0x31]))).toBe('bad_json');
    expect(code(new Uint8Array([0x22, 0xff, 0x22]))).toBe('bad_json');
    expect(code('\ufeff1')).toBe('bad_json');
  });
});

describe('the source texts the parser keeps', () => {
  // Values the parser takes: the forbidden member names are refused (tested above), not kept.
  const json = fc
    .jsonValue({ maxDepth: 4 })
    .filter((value) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(value)));
  const keptTexts = (value: unknown, texts: SourceTexts, depth: number, out: [object, string | undefined][] = []) => {
    if (typeof value !== 'object' || value === null || depth < 0) return out;
    out.push([value, texts.get(value)]);
    for (const member of Object.values(value)) keptTexts(member, texts, depth - 1, out);
    return out;
  };

  it('keeps, for canonical input, exactly the canonical text of every object and array within the depth', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 3 }), (original, depth) => {
        const source = canonicalize(original);
        const { value, texts } = parseStrictJsonWithTexts(new TextEncoder().encode(source), depth);
        expect(value).toEqual(JSON.parse(source));
        for (const [object, text] of keptTexts(value, texts, depth)) expect(text).toBe(canonicalize(object));
      }),
    );
  });

  it('never keeps a text that differs from the canonical one, whatever the source looks like', () => {
    const layouts = fc.constantFrom<(v: unknown) => string>(
      (v) => JSON.stringify(v),
      (v) => JSON.stringify(v, null, 1),
      // Members in reverse order, and escapes where JCS writes none.
      (v) =>
        JSON.stringify(v, (_key, member: unknown) =>
          member && typeof member === 'object' && !Array.isArray(member)
            ? Object.fromEntries(Object.entries(member).reverse())
            : member,
        ),
      (v) =>
        JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      (v) => JSON.stringify(v).replace(/\\u00([0-9a-f]{2})/g, (_m, hex: string) => `\\u00${hex.toUpperCase()}`),
    );
    fc.assert(
      fc.property(json, layouts, (original, layout) => {
        const source = layout(original);
        const { value, texts } = parseStrictJsonWithTexts(source, 3);
        for (const [object, text] of keptTexts(value, texts, 3))
          if (text !== undefined) expect(text).toBe(canonicalize(object));
      }),
    );
    // What tells a source from its canonical form, one at a time.
    for (const source of [
      '{"b":1,"a":2}',
      '{"a": 1}',
      '{"a":"\\u0041"}',
      '{"a":"\\u000A"}',
      '{"a":"\\u000a"}',
      '{"a":"\\/"}',
      '{"a":1.0}',
      '{"a":1e2}',
      '{"a":-0}',
      '[1 ]',
    ]) {
      const { value, texts } = parseStrictJsonWithTexts(source, 0);
      expect(texts.get(value as object), source).toBeUndefined();
    }
    // The escapes JCS itself writes keep the text.
    const escaped = '{"a":"\\"\\\\\\b\\f\\n\\r\\t\\u001f"}';
    const kept = parseStrictJsonWithTexts(escaped, 0);
    expect(kept.texts.get(kept.value as object)).toBe(escaped);
    expect(canonicalize(kept.value)).toBe(escaped);
  });

  it('keeps no text from a string with a lone surrogate (canonicalize refuses it)', () => {
    const { value, texts } = parseStrictJsonWithTexts('{"a":"\ud800"}', 0);
    expect(texts.get(value as object)).toBeUndefined();
  });

  it('still refuses duplicates once names are out of order', () => {
    expect(code('{"b":1,"a":2,"b":3}')).toBe('duplicate_key');
    expect(code('{"a":1,"c":2,"b":3,"a":4}')).toBe('duplicate_key');
    expect(code('{"c":1,"b":2,"a":3}')).toBe('ok');
  });
});
