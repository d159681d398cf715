import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal field as stored: AES-256-GCM ciphertext of the value, with the id of the key it
 * was sealed with. The associated data (tenant, event id, field) binds it to its place, so a
 * sealed value copied into another event or field does not open.
 */
export interface SealedValue {
  readonly sealedWith: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

const ALGORITHM = 'aes-256-gcm';

export function seal(value: string, keyId: string, key: Buffer, place: string): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv).setAAD(Buffer.from(place));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return {
    sealedWith: keyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** Opens a sealed value; throws if the key, the place or the ciphertext do not match. */
export function open(sealed: SealedValue, key: Buffer, place: string): string {
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'))
    .setAAD(Buffer.from(place))
    .setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

export const isSealed = (value: unknown): value is SealedValue =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SealedValue).sealedWith === 'string' &&
  typeof (value as SealedValue).ciphertext === 'string';

/** Where a sealed field lives: what its associated data says. */
export const placeOf = (tenant: string, eventId: string, field: string) => `${tenant}/${eventId}/${field}`;

/** A new subject key: 32 random bytes. */
export const newKey = () => randomBytes(32);
