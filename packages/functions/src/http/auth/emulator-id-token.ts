import { UnsecuredJWT } from 'jose';
import {
  checkFirebaseClaims,
  checkTokenType,
  invalidToken,
  securetokenIssuer,
  type ClaimRules,
  type VerifyIdToken,
} from './id-token.js';

/**
 * Whether this process may accept the Auth emulator's unsigned tokens: only inside the Functions
 * emulator, with the Auth emulator configured. The Auth emulator's host set anywhere else means
 * a deployment is about to trust unsigned tokens: refuse to start.
 */
export function authEmulatorMode(env: NodeJS.ProcessEnv): boolean {
  const inFunctionsEmulator = env.FUNCTIONS_EMULATOR === 'true';
  if (env.FIREBASE_AUTH_EMULATOR_HOST && !inFunctionsEmulator) {
    throw new Error('FIREBASE_AUTH_EMULATOR_HOST is set outside the Functions emulator: refusing to start');
  }
  return inFunctionsEmulator && Boolean(env.FIREBASE_AUTH_EMULATOR_HOST);
}

/** The Auth emulator's ID tokens are unsigned (`alg: none`); every other check still applies. */
export function createEmulatorIdTokenVerifier(options: { projectId: string } & Partial<ClaimRules>): VerifyIdToken {
  const rules: ClaimRules = { now: options.now ?? (() => new Date()), skewSeconds: options.skewSeconds ?? 5 };
  return async (token) => {
    try {
      const { payload, header } = UnsecuredJWT.decode(token, {
        issuer: securetokenIssuer(options.projectId),
        audience: options.projectId,
        currentDate: rules.now(),
        clockTolerance: rules.skewSeconds,
        requiredClaims: ['exp', 'iat', 'auth_time', 'sub'],
      });
      checkTokenType(header);
      return Promise.resolve(checkFirebaseClaims(payload, rules));
    } catch (error) {
      throw invalidToken(error);
    }
  };
}
