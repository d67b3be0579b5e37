/** Offline enrolment (FORMATS.md §7): a request file out, the authority's reply in, its key pinned. */
import { formatTime, localOffsetMinutes } from '../../../shared/ledger/ids';
import { fingerprint, decodePublicKey, encodePublicKey } from '../../../shared/ledger/signing';
import { parseStrictJson } from '../../../shared/ledger/strictJson';
import { WireError } from '../../../shared/ledger/errors';
import { makeEnrollRequest, verifyEnrollReply } from '../../../shared/sync/enrollment';
import type { EnrollReply, EnrollRequest } from '../../../shared/sync/schemas';
import { webCryptoVerify } from '../../crypto/webCrypto';
import { deviceSealIdentity, deviceSigner, loadIdentity } from '../../db/identity';

export async function makeRequest(code: string, name: string, site: string): Promise<EnrollRequest> {
  const identity = await loadIdentity();
  const now = Date.now();
  return makeEnrollRequest(
    {
      code: code.trim(),
      device: identity.device,
      site,
      name: name.trim(),
      at: formatTime(now, localOffsetMinutes(now)),
      sealPub: encodePublicKey(deviceSealIdentity(identity).publicKey),
    },
    await deviceSigner(identity),
  );
}

/** Checks a reply is for this device and key, signed by the key it names; returns it with that key's fingerprint. */
export async function readReply(bytes: Uint8Array): Promise<{ reply: EnrollReply; fingerprint: string }> {
  const identity = await loadIdentity();
  const reply = await verifyEnrollReply(parseStrictJson(bytes), webCryptoVerify);
  if (reply.device !== identity.device || reply.deviceKid !== identity.kid)
    throw new WireError('unknown_key', 'this reply is for another device or key');
  return { reply, fingerprint: fingerprint(decodePublicKey(reply.authorityPub)!) };
}
