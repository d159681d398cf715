import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A subject key as stored when it is wrapped: which key-encryption key wrapped it, and how. */
export interface WrappedKey {
  /** The key-encryption key's name (a Cloud KMS CryptoKey, or a local key's). */
  readonly wrappedWith: string;
  readonly wrapped: Buffer;
}

/**
 * Envelope encryption of subject keys: each key is stored encrypted by a key-encryption key
 * that never leaves its service (Cloud KMS in production), so a copy of the keys' documents (a
 * backup, an export) is useless without that service, and destroying the key-encryption key's
 * version destroys every copy at once. `context` is bound to the wrapped key as associated
 * data (the tenant and key id): a wrapped key copied to another document does not unwrap.
 */
export interface KeyWrapper {
  wrap(key: Buffer, context: string): Promise<WrappedKey>;
  unwrap(key: WrappedKey, context: string): Promise<Buffer>;
}

/** A promise of what `compute` returns: a key that does not open is a rejection, as from Cloud KMS, never a throw. */
const settled = <T>(compute: () => T) => new Promise<T>((resolve) => resolve(compute()));

/**
 * A key wrapper with a local 32-byte key-encryption key (AES-256-GCM): for tests and the
 * emulator, where Cloud KMS cannot be reached. In production the key-encryption key must live
 * where a restore of the database does not bring it back: use Cloud KMS.
 */
export function localKeyWrapper(kek: Buffer, name = 'local'): KeyWrapper {
  if (kek.length !== 32) throw new TypeError('A local key-encryption key is 32 bytes');
  return {
    wrap: (key, context) =>
      settled(() => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(Buffer.from(context));
        const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
        return { wrappedWith: name, wrapped: Buffer.concat([iv, cipher.getAuthTag(), sealed]) };
      }),
    unwrap: ({ wrappedWith, wrapped }, context) =>
      settled(() => {
        if (wrappedWith !== name) throw new Error(`A subject key wrapped with ${wrappedWith}, not ${name}`);
        const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12))
          .setAAD(Buffer.from(context))
          .setAuthTag(wrapped.subarray(12, 28));
        return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
      }),
  };
}
