/**
 * GB18030 encoding, for CSV files that older Chinese Excel installations open without garbling.
 *
 * No runtime has a GB18030 encoder (TextEncoder is UTF-8 only), but every runtime shared/ runs in
 * has the decoder. The table is built once by decoding every two-byte sequence and every
 * four-byte sequence of the Basic Multilingual Plane; code points beyond it follow the
 * standard's linear four-byte formula.
 */
let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const map = new Map<number, number>();
  const decoder = new TextDecoder('gb18030');
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push((lead << 8) | trail);
  }
  for (const pair of pairs) {
    const text = decoder.decode(Uint8Array.of(pair >> 8, pair & 0xff));
    const cp = text.codePointAt(0)!;
    if (text.length === 1 && cp !== 0xfffd && !map.has(cp)) map.set(cp, pair);
  }
  // Four-byte sequences 81 30 81 30 – 84 31 A4 39 cover the rest of the BMP; stored as -(index+1).
  for (let index = 0; index < 39420; index++) {
    const bytes = fourBytes(index);
    const text = decoder.decode(bytes);
    const cp = text.codePointAt(0)!;
    if (text.length === 1 && cp !== 0xfffd && !map.has(cp)) map.set(cp, -(index + 1));
  }
  // U+FFFD itself decodes from 84 31 A4 37 (four-byte index 39417), indistinguishable above from
  // a sequence the decoder refused.
  map.set(0xfffd, -(39417 + 1));
  return map;
}

function fourBytes(index: number): Uint8Array {
  const b4 = index % 10;
  const b3 = Math.floor(index / 10) % 126;
  const b2 = Math.floor(index / 1260) % 10;
  const b1 = Math.floor(index / 12600);
  return Uint8Array.of(0x81 + b1, 0x30 + b2, 0x81 + b3, 0x30 + b4);
}

/** Encodes text as GB18030. Every Unicode scalar value has an encoding; lone surrogates become "?". */
export function encodeGb18030(text: string): Uint8Array {
  table ??= buildTable();
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp >= 0x10000) {
      const bytes = fourBytes(cp - 0x10000);
      out.push(bytes[0]! + 0x0f, bytes[1]!, bytes[2]!, bytes[3]!); // 0x90 30 81 30 is U+10000
    } else {
      const code = table.get(cp);
      if (code === undefined) out.push(0x3f);
      else if (code > 0) out.push(code >> 8, code & 0xff);
      else out.push(...fourBytes(-code - 1));
    }
  }
  return Uint8Array.from(out);
}
