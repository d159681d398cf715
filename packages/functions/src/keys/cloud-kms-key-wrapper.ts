import type { KeyWrapper } from '@firebase-event-store/kernel';

type Bytes = Uint8Array | string | null | undefined;

/**
 * The part of `@google-cloud/kms`'s `KeyManagementServiceClient` that wrapping keys needs: a
 * team passes its client, and this package does not depend on the library.
 */
export interface KmsClient {
  encrypt(request: {
    name: string;
    plaintext: Uint8Array;
    additionalAuthenticatedData: Uint8Array;
  }): Promise<[{ ciphertext?: Bytes; name?: string | null }, ...unknown[]]>;
  decrypt(request: {
    name: string;
    ciphertext: Uint8Array;
    additionalAuthenticatedData: Uint8Array;
  }): Promise<[{ plaintext?: Bytes }, ...unknown[]]>;
}

const bytes = (value: Bytes, what: string): Buffer => {
  if (value === null || value === undefined) throw new Error(`Cloud KMS returned no ${what}`);
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value);
};

/**
 * Subject keys wrapped by a Cloud KMS symmetric key (`keyName`, a CryptoKey): each key is
 * encrypted with the key's primary version, the tenant and key id bound as associated data, and
 * decrypted by KMS, which finds the version from the ciphertext. Destroying a version makes every
 * key it wrapped, in every backup and export, unopenable; rotate (and re-wrap) before destroying
 * the version that wraps the keys still in use. Costs one KMS call per key creation and per key
 * lookup (a read of a tenant's events looks each key up once).
 */
export function cloudKmsKeyWrapper(client: KmsClient, keyName: string): KeyWrapper {
  if (!/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(keyName)) {
    throw new TypeError(
      `${keyName} is not a Cloud KMS key name: projects/{project}/locations/{location}/keyRings/{ring}/cryptoKeys/{key}`,
    );
  }
  return {
    async wrap(key, context) {
      const [response] = await client.encrypt({
        name: keyName,
        plaintext: key,
        additionalAuthenticatedData: Buffer.from(context),
      });
      return { wrappedWith: response.name ?? keyName, wrapped: bytes(response.ciphertext, 'ciphertext') };
    },
    async unwrap({ wrapped }, context) {
      const [response] = await client.decrypt({
        name: keyName,
        ciphertext: wrapped,
        additionalAuthenticatedData: Buffer.from(context),
      });
      return bytes(response.plaintext, 'plaintext');
    },
  };
}

/**
 * A `KmsClient` from `@google-cloud/kms`, loaded on first use: a deployment whose catalog wraps
 * its keys with Cloud KMS lists that package among its functions' dependencies.
 */
export function lazyCloudKmsClient(): KmsClient {
  let client: Promise<KmsClient> | undefined;
  const load = () =>
    (client ??= (async () => {
      const specifier = '@google-cloud/kms'; // not a dependency of this package: a project's choice
      try {
        const kms = (await import(specifier)) as { KeyManagementServiceClient: new () => KmsClient };
        return new kms.KeyManagementServiceClient();
      } catch (error) {
        throw new Error(
          'The catalog wraps subject keys with Cloud KMS (subjectKeys.kmsKeyName): add @google-cloud/kms to the functions’ dependencies',
          { cause: error },
        );
      }
    })());
  return {
    encrypt: async (request) => (await load()).encrypt(request),
    decrypt: async (request) => (await load()).decrypt(request),
  };
}
