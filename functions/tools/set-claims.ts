/**
 * scripts/set-claims: gives a user the custom claims the API builds its Actor from.
 *   scripts/set-claims --uid u1 --tenant acme --roles user,manager --emulator 127.0.0.1:9099
 *   scripts/set-claims --email a@acme.com --tenant acme --roles admin --project my-project
 */
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { z } from 'zod';
import { ActorSchema } from '@firebase-event-store/kernel';
import { commonOptions, emulatorFor, parseCli, usageUnless } from './lib/cli.js';

const usage = `Usage: scripts/set-claims (--uid <uid> | --email <email>) --tenant <tenant> [--roles a,b] [options]

Sets the user's custom claims { tenant, roles }: the API's Actor comes from them. The user
must sign in again (or refresh the ID token) to receive them.

Options:
  --uid <uid>            the user, by uid
  --email <email>        the user, by email
  --tenant <tenant>      1-128 characters of A-Z a-z 0-9 _ -
  --roles <a,b>          comma-separated role names (default: none)
  --project <id>         Firebase project (default: $GCLOUD_PROJECT or demo-event-store)
  --emulator <host:port> the Auth emulator (default: $FIREBASE_AUTH_EMULATOR_HOST, and for a
                         demo- project npm start's, 127.0.0.1:9099); without one, a real
                         project is used, with Application Default Credentials
                         (gcloud auth application-default login)
  -h, --help             this text`;

const { values } = parseCli(usage, {
  uid: { type: 'string' },
  email: { type: 'string' },
  tenant: { type: 'string' },
  roles: { type: 'string', default: '' },
  emulator: { type: 'string', default: process.env.FIREBASE_AUTH_EMULATOR_HOST },
  ...commonOptions,
});

const Claims = z.object({ tenant: ActorSchema.shape.tenant, roles: ActorSchema.shape.roles });

usageUnless(Boolean(values.tenant && (values.uid || values.email)), usage);
const claims = Claims.safeParse({ tenant: values.tenant, roles: values.roles.split(',').filter(Boolean) });
if (!claims.success) {
  console.error(
    `Invalid claims: ${claims.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
  );
  process.exit(2);
}
const emulator = await emulatorFor(values.project, values.emulator, 'auth');
if (emulator) process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator;

const auth = getAuth(initializeApp({ projectId: values.project }));
const user = values.uid ? await auth.getUser(values.uid) : await auth.getUserByEmail(values.email!);
await auth.setCustomUserClaims(user.uid, { ...user.customClaims, ...claims.data });
console.log(JSON.stringify({ uid: user.uid, project: values.project, claims: claims.data }));
