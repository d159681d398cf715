import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localKeyWrapper } from '@firebase-event-store/kernel';
import { cloudKmsKeyWrapper, type KmsClient } from './cloud-kms-key-wrapper.js';

const KEY = 'projects/p/locations/global/keyRings/event-store/cryptoKeys/subject-keys';

/**
 * Cloud KMS as far as the adapter sees it, with a local key-encryption key doing the work: what
 * it is asked, and answers shaped as `@google-cloud/kms` answers (a version name, bytes).
 */
function fakeKms() {
  const kek = localKeyWrapper(randomBytes(32), `${KEY}/cryptoKeyVersions/1`);
  const calls: { method: string; name: string; aad: string }[] = [];
  const client: KmsClient = {
    async encrypt({ name, plaintext, additionalAuthenticatedData }) {
      calls.push({ method: 'encrypt', name, aad: Buffer.from(additionalAuthenticatedData).toString() });
      const { wrapped, wrappedWith } = await kek.wrap(Buffer.from(plaintext), name);
      return [{ ciphertext: wrapped, name: wrappedWith }];
    },
    async decrypt({ name, ciphertext, additionalAuthenticatedData }) {
      calls.push({ method: 'decrypt', name, aad: Buffer.from(additionalAuthenticatedData).toString() });
      const wrapped = { wrappedWith: `${KEY}/cryptoKeyVersions/1`, wrapped: Buffer.from(ciphertext) };
      return [{ plaintext: await kek.unwrap(wrapped, name) }];
    },
  };
  return { client, calls };
}

describe('key wrappers (unit)', () => {
  it('a local wrapper opens what it wrapped, only in the same context and with the same key', async () => {
    const wrapper = localKeyWrapper(Buffer.alloc(32, 1));
    const key = randomBytes(32);
    const wrapped = await wrapper.wrap(key, 'subjectKeys/t1/k1');
    expect(wrapped.wrapped.includes(key)).toBe(false);
    expect(await wrapper.unwrap(wrapped, 'subjectKeys/t1/k1')).toEqual(key);
    await expect(wrapper.unwrap(wrapped, 'subjectKeys/t2/k1')).rejects.toThrow();
    await expect(localKeyWrapper(Buffer.alloc(32, 2)).unwrap(wrapped, 'subjectKeys/t1/k1')).rejects.toThrow();
    expect(() => localKeyWrapper(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('Cloud KMS: encrypts with the key, the context as associated data, and records the version that wrapped it', async () => {
    const { client, calls } = fakeKms();
    const wrapper = cloudKmsKeyWrapper(client, KEY);
    const key = randomBytes(32);
    const wrapped = await wrapper.wrap(key, 'subjectKeys/t1/k1');
    expect(wrapped.wrappedWith).toBe(`${KEY}/cryptoKeyVersions/1`);
    expect(await wrapper.unwrap(wrapped, 'subjectKeys/t1/k1')).toEqual(key);
    expect(calls).toEqual([
      { method: 'encrypt', name: KEY, aad: 'subjectKeys/t1/k1' },
      { method: 'decrypt', name: KEY, aad: 'subjectKeys/t1/k1' },
    ]);
  });

  it('Cloud KMS: a malformed key name stops at once; an answer without bytes is an error', async () => {
    expect(() => cloudKmsKeyWrapper(fakeKms().client, 'subject-keys')).toThrow(/not a Cloud KMS key name/);
    const empty: KmsClient = {
      encrypt: () => Promise.resolve([{ ciphertext: null }]),
      decrypt: () => Promise.resolve([{}]),
    };
    await expect(cloudKmsKeyWrapper(empty, KEY).wrap(randomBytes(32), 'c')).rejects.toThrow(/no ciphertext/);
  });
});
