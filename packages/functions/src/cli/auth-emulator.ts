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

async function call(
  host: string,
  method: 'signUp' | 'signInWithPassword',
  email: string,
  password: string,
): Promise<SignedIn> {
  let response: Response;
  try {
    response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=emulator`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
    });
  } catch {
    throw new Error(`The Auth emulator does not answer at ${host}: start it (npm start), or pass --emulator host:port`);
  }
  const body = (await response.json()) as { localId?: string; idToken?: string; error?: { message: string } };
  if (response.ok && body.idToken) return { uid: body.localId!, idToken: body.idToken };
  const reason = body.error?.message ?? String(response.status);
  if (/EMAIL_NOT_FOUND|INVALID_PASSWORD|INVALID_LOGIN_CREDENTIALS/.test(reason)) {
    throw new Error(
      `No user ${email} with that password in the Auth emulator (${reason}); --create --tenant <t> makes one`,
    );
  }
  throw new Error(`The Auth emulator refused ${method} for ${email}: ${reason}`);
}

export const signUp = (host: string, email: string, password: string) => call(host, 'signUp', email, password);
export const signIn = (host: string, email: string, password: string) =>
  call(host, 'signInWithPassword', email, password);
