/** Receipts (FORMATS.md §4): the authority's signed statement that it durably holds events 1..through. */
import { WireError } from '../ledger/errors';
import { signDocument, verifyDocument, kidOf, type Signer, type VerifySignature } from '../ledger/signing';
import { parseDocument, receiptSchema, type Receipt } from './schemas';

export function makeReceipt(
  fields: { authority: string; device: string; through: number; head: string; at: string },
  signer: Signer & { kid: string },
): Promise<Receipt> {
  return signDocument({ v: 1 as const, kind: 'kaodian.receipt' as const, ...fields, kid: signer.kid }, signer);
}

/** Verifies a receipt under the pinned authority key; a receipt from any other key is `unknown_key`. */
export async function verifyReceipt(
  value: unknown,
  authorityPublicKey: Uint8Array,
  verify: VerifySignature,
): Promise<Receipt> {
  const receipt = parseDocument(receiptSchema, value, 'receipt');
  if (receipt.kid !== kidOf(authorityPublicKey))
    throw new WireError('unknown_key', 'receipt: not signed by the pinned authority key');
  if (!(await verifyDocument(receipt, authorityPublicKey, verify)))
    throw new WireError('bad_signature', 'receipt: signature does not verify');
  return receipt;
}
