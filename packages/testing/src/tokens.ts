import { createPrivateKey, createSign, type webcrypto } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

export const PROJECT = 'demo-event-store';
/** The tests' fixed "now" (T) and allowed skew (S). */
export const T = 1_800_000_000;
export const S = 5;
export const now = () => new Date(T * 1000);

const b64 = (text: string) => Buffer.from(text).toString('base64url');

export interface TokenFactory {
  /** The key set the verifier trusts, as Google's would be. */
  readonly keys: JWTVerifyGetKey;
  readonly kid: string;
  /** The trusted public key as PEM (for the HS256 confusion attack). */
  readonly publicPem: string;
  /** A valid ID token for tenant t1 at time T, with these claims changed (undefined removes one). */
  idToken(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** Signed by an attacker's RSA key. */
  attackerToken(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** Any header and payload text, RS256-signed with the trusted key: for malformed tokens. */
  raw(header: Record<string, unknown>, payload: string): string;
  readonly claims: (overrides?: Record<string, unknown>) => JWTPayload;
}

export function validClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  const claims: Record<string, unknown> = {
    iss: `https://securetoken.google.com/${PROJECT}`,
    aud: PROJECT,
    sub: 'user-1',
    user_id: 'user-1',
    iat: T - 60,
    auth_time: T - 120,
    exp: T + 3540, // an hour after iat, as Firebase issues them
    name: 'Ada',
    tenant: 't1',
    roles: ['user'],
    firebase: { identities: {}, sign_in_provider: 'password' },
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete claims[key];
  return claims;
}

/** A local RS256 key set, and tokens signed with it: real signatures, checked for real. */
export async function createTokenFactory(): Promise<TokenFactory> {
  const kid = 'test-key-1';
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const attacker = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateKey = createPrivateKey({ key: await exportJWK(trusted.privateKey), format: 'jwk' });
  const sign =
    (key: webcrypto.CryptoKey) =>
    (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => {
      const protectedHeader = { alg: 'RS256', kid, typ: 'JWT', ...header };
      for (const [name, value] of Object.entries(header))
        if (value === undefined) delete (protectedHeader as Record<string, unknown>)[name];
      return new SignJWT(validClaims(claims)).setProtectedHeader(protectedHeader).sign(key);
    };
  return {
    keys: createLocalJWKSet({ keys: [jwk] }),
    kid,
    publicPem: await exportSPKI(trusted.publicKey),
    idToken: sign(trusted.privateKey),
    attackerToken: sign(attacker.privateKey),
    raw: (header, payload) => {
      const input = `${b64(JSON.stringify(header))}.${b64(payload)}`;
      return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    },
    claims: validClaims,
  };
}
