/**
 * CSV as Excel in China writes it: RFC 4180 quoting, CRLF or LF, UTF-8 (with or without BOM) or
 * GB18030/GBK. Decoding tries strict UTF-8 first; bytes that are not UTF-8 are read as GB18030,
 * a superset of GBK and GB2312.
 */
export type TextEncodingName = 'utf-8' | 'gb18030';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(withoutBom), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Parses CSV text into rows of cells; blank lines at the end are dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  while (rows.length && rows.at(-1)!.every((c) => c.trim() === '')) rows.pop();
  return rows;
}

/** Writes rows as CSV (quoting where needed), CRLF line ends as Excel expects. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return (
    rows
      .map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','))
      .join('\r\n') + '\r\n'
  );
}
