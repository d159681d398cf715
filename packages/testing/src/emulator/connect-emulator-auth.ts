import { randomUUID } from 'node:crypto';
import { initializeApp } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';

/**
 * The Auth emulator at `host`, as a test or benchmark needs it: firebase-admin's Auth for its
 * demo- project (to set custom claims), and users signed up and in with email and password
 * through its REST API (identitytoolkit v1, as the Firebase client SDK calls it), with their
 * (unsigned) ID tokens. Refuses anything that is not a loopback host and a demo- project.
 */
export interface SignedIn {
  readonly uid: string;
  readonly idToken: string;
}

export interface EmulatorAuth {
  readonly admin: Auth;
  signUp(email: string, password: string): Promise<SignedIn>;
  signIn(email: string, password: string): Promise<SignedIn>;
}

export function connectEmulatorAuth(host: string, projectId: string): EmulatorAuth {
  if (!/^127\.0\.0\.1:\d+$/.test(host)) throw new Error(`Refusing an Auth that is not on loopback: ${host}`);
  if (!projectId.startsWith('demo-'))
    throw new Error(`Refusing project ${projectId}: emulator tests use demo- projects`);
  process.env.METADATA_SERVER_DETECTION = 'none';
  // firebase-admin's Auth finds the emulator through this variable only.
  process.env.FIREBASE_AUTH_EMULATOR_HOST = host;
  const admin = getAuth(initializeApp({ projectId }, `auth-${randomUUID()}`));
  const call = async (method: 'signUp' | 'signInWithPassword', email: string, password: string) => {
    const response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=emulator`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    });
    const body = (await response.json()) as { localId?: string; idToken?: string; error?: { message: string } };
    if (response.ok && body.localId && body.idToken) return { uid: body.localId, idToken: body.idToken };
    throw new Error(`The Auth emulator refused ${method} for ${email}: ${body.error?.message ?? response.status}`);
  };
  return {
    admin,
    signUp: (email, password) => call('signUp', email, password),
    signIn: (email, password) => call('signInWithPassword', email, password),
  };
}
