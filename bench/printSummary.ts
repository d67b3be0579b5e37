/**
 * `npm run bench:print` (or `-- --quick`): the 成绩汇总表 of a 1,000-candidate session (three
 * examiners' totals each) rendered to PDF by pdfmake with the embedded Chinese font, next to
 * pdfmake rendering a plain table of the same size (same font, ASCII cells, no header block,
 * no signatures, no QR) in the same run. Node, the same document builder the app prints with.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { printFontFamily, summaryDocument } from '../renderer/features/print/documents';
import { renderPdfInNode } from '../test/nodePdf';
import { printSite, scoredSession } from '../test/support/printState';
import { runStamp, writeReportSection } from './report';

const quick = process.argv.includes('--quick');
const candidates = 1000;
const runs = quick ? 3 : 7;

const { state, session } = scoredSession(candidates);
const summary = () =>
  summaryDocument(
    {
      state,
      site: printSite,
      code: { kind: 'summary', subject: session, hash: 'ab'.repeat(32) },
      printedAt: '2026-11-26T15:02:00.000+08:00',
    },
    state.sessions[session]!,
  );
const plain = (): TDocumentDefinitions => ({
  pageSize: 'A4',
  defaultStyle: { font: printFontFamily, fontSize: 9.5 },
  content: [
    {
      table: {
        headerRows: 1,
        widths: [20, 66, 46, 84, 36, 36, 36, 40, 38, '*'],
        body: Array.from({ length: candidates + 1 }, (_, i) => Array.from({ length: 10 }, (_, j) => `r${i}c${j}`)),
      },
    },
  ],
});

async function time(make: () => TDocumentDefinitions): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const pdf = await renderPdfInNode(make());
  return { ms: performance.now() - started, bytes: pdf.length };
}

// The first render loads and parses the 10 MB font: measured apart, it is paid once per app run.
const first = await time(summary);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ours: number[] = [];
const anchor: number[] = [];
for (let i = 0; i < runs; i++) {
  ours.push((await time(summary)).ms);
  anchor.push((await time(plain)).ms);
}
const table = [
  '| figure | ms | anchor | ms | ratio | target |',
  '|---|---:|---|---:|---:|---|',
  `| 成绩汇总表, ${candidates.toLocaleString()} candidates (median of ${runs}) | ${median(ours).toFixed(0)} | plain ${candidates.toLocaleString()}-row table, same font | ${median(anchor).toFixed(0)} | ${(median(ours) / median(anchor)).toFixed(2)}× | < 5,000 ms |`,
  `| the same, first print of the run (font loaded) | ${first.ms.toFixed(0)} | — | — | — | < 5,000 ms |`,
].join('\n');
console.log(`\n${table}\n\nPDF size ${(first.bytes / 1024).toFixed(0)} KiB`);
await writeReportSection(
  'print',
  runStamp('npm run bench:print', quick, `Node ${process.version}, pdfmake 0.3`),
  table,
);
