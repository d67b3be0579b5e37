/**
 * The signing interface's two implementations agree: a signature made by the renderer's
 * WebCrypto code in Chromium verifies with node:crypto, and the reverse, on the same vectors.
 */
import { readFileSync } from 'node:fs';
import { toBase64url, fromBase64url } from '../shared/ledger/base64url';
import { verifyBatch } from '../shared/sync/batch';
import { resolverFromKeys } from '../shared/sync/keys';
import { nodeVerify, signerFromSeed } from '../authority/nodeCrypto';
import { bundleHarness } from '../test/bundleHarness';
import { expect, test } from './fixtures';
import { appPage, managerName, managerPin } from './pages/appPage';

interface Harness {
  signInBrowser(m: string): Promise<{ publicKey: string; kid: string; signature: string }>;
  verifyInBrowser(p: string, m: string, s: string): Promise<boolean>;
  batchInBrowser(): Promise<{ batch: unknown; publicKey: string; kid: string }>;
}

const vectors = JSON.parse(readFileSync('docs/test-vectors/keys.json', 'utf8')) as {
  seed: string;
  publicKey: string;
  kid: string;
  message: string;
  signature: string;
};

test('Chromium WebCrypto and node:crypto verify each other’s Ed25519 signatures', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(await bundleHarness('e2e/harness/cryptoHarness.ts', 'KaodianCryptoHarness'));
  const harness = (fn: keyof Harness, ...args: string[]): Promise<unknown> =>
    page.evaluate(
      ([name, rest]) => {
        const loaded = (
          window as unknown as { KaodianCryptoHarness: Record<string, (...a: string[]) => Promise<unknown>> }
        ).KaodianCryptoHarness;
        return loaded[name]!(...rest);
      },
      [fn, args] as [string, string[]],
    );

  // Node → Chromium: the published test vector, and a fresh signature over another message.
  const nodeSigner = signerFromSeed(Buffer.from(vectors.seed, 'hex'));
  expect(toBase64url(nodeSigner.publicKey)).toBe(vectors.publicKey);
  expect(toBase64url(await nodeSigner.sign(fromBase64url(vectors.message)!))).toBe(vectors.signature);
  expect(await harness('verifyInBrowser', vectors.publicKey, vectors.message, vectors.signature)).toBe(true);
  const tampered = fromBase64url(vectors.message)!;
  tampered[0] ^= 1;
  expect(await harness('verifyInBrowser', vectors.publicKey, toBase64url(tampered), vectors.signature)).toBe(false);

  // Chromium → Node.
  const made = (await harness('signInBrowser', vectors.message)) as Awaited<ReturnType<Harness['signInBrowser']>>;
  expect(
    await nodeVerify(fromBase64url(made.publicKey)!, fromBase64url(vectors.message)!, fromBase64url(made.signature)!),
  ).toBe(true);
  expect(await nodeVerify(fromBase64url(made.publicKey)!, tampered, fromBase64url(made.signature)!)).toBe(false);

  // A whole batch made and signed in Chromium verifies in Node.
  const { batch, publicKey, kid } = (await harness('batchInBrowser')) as Awaited<ReturnType<Harness['batchInBrowser']>>;
  const device = (batch as { device: string }).device;
  const verified = await verifyBatch(
    batch,
    resolverFromKeys([{ kid, owner: device, publicKey: fromBase64url(publicKey)! }]),
    nodeVerify,
  );
  expect(verified.hashes).toHaveLength(3);
});

test('the device screen shows a device id and a key fingerprint that survive a reload', async ({ page }) => {
  const app = appPage(page);
  await app.completeSetup();
  const device = await app.goTo('device');
  const fingerprint = await device.fingerprint().innerText();
  expect(fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  const id = await device.id().innerText();
  await page.reload();
  await app.signIn(managerName, managerPin);
  await app.goTo('device');
  await expect(device.fingerprint()).toHaveText(fingerprint);
  await expect(device.id()).toHaveText(id);
});
