// First: no schema may be built before zod is told not to compile with `new Function`.
import '../../renderer/app/zodJitless';
/**
 * Bundled (by test/bundleHarness.ts) and evaluated in the real Chromium page, so that the
 * renderer's own WebCrypto code signs and verifies there, against node:crypto in the test.
 */
import { fromBase64url, toBase64url } from '../../shared/ledger/base64url';
import { extendChainForHarness } from './harnessChain';
import { makeBatch } from '../../shared/sync/batch';
import { generateDeviceKeyPair, webCryptoSigner, webCryptoVerify } from '../../renderer/crypto/webCrypto';

export async function signInBrowser(messageB64: string) {
  const signer = await webCryptoSigner(await generateDeviceKeyPair());
  const signature = await signer.sign(fromBase64url(messageB64)!);
  return { publicKey: toBase64url(signer.publicKey), kid: signer.kid, signature: toBase64url(signature) };
}

export async function verifyInBrowser(publicKeyB64: string, messageB64: string, signatureB64: string) {
  return webCryptoVerify(fromBase64url(publicKeyB64)!, fromBase64url(messageB64)!, fromBase64url(signatureB64)!);
}

/** A signed batch of three events made entirely in the browser. */
export async function batchInBrowser() {
  const signer = await webCryptoSigner(await generateDeviceKeyPair());
  const events = extendChainForHarness(3);
  return { batch: await makeBatch(events, signer), publicKey: toBase64url(signer.publicKey), kid: signer.kid };
}
