/**
 * The Auth emulator's REST API (identitytoolkit v1), as the Firebase client SDK calls it: signs
 * users up and in with email and password, and returns their (unsigned) ID tokens.
 */
/** The password of the users in emulator-data/ (local development only). */
export const SEEDED_PASSWORD = 'password123';

export interface SignedIn {
  readonly uid: string;
  readonly idToken: string;
}

async function call(host: string, method: 'signUp' | 'signInWithPassword', email: string, password: string): Promise<SignedIn> {
  const response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=emulator`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const body = (await response.json()) as { localId?: string; idToken?: string; error?: { message: string } };
  if (!response.ok || !body.idToken) throw new Error(`Auth emulator ${method} for ${email}: ${body.error?.message ?? response.status}`);
  return { uid: body.localId!, idToken: body.idToken };
}

export const signUp = (host: string, email: string, password: string) => call(host, 'signUp', email, password);
export const signIn = (host: string, email: string, password: string) => call(host, 'signInWithPassword', email, password);
