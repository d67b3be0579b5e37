/** The authority's command line in process, for tests: its exit code and printed lines; offline enrolment by files. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../authority/cli';
import type { generateSigner } from '../../authority/nodeCrypto';
import { formatTime } from '../../shared/ledger/ids';
import { makeEnrollRequest } from '../../shared/sync/enrollment';
import { unusedSealPub } from './world';

export async function runCli(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, lines };
}

/** `authority enroll` with a request file for `device` (written to <data>/request.json; the reply to reply.json). */
export async function enrollByFile(
  data: string,
  code: string,
  device: string,
  signer: ReturnType<typeof generateSigner>,
) {
  const request = await makeEnrollRequest(
    { code, device, site: 'WH-0301', name: '考务机', at: formatTime(Date.now(), 480), sealPub: unusedSealPub },
    signer,
  );
  await writeFile(path.join(data, 'request.json'), JSON.stringify(request));
  return runCli([
    'enroll',
    '--file',
    path.join(data, 'request.json'),
    '--out',
    path.join(data, 'reply.json'),
    '--data',
    data,
  ]);
}
