/** scripts/id-token: a fresh ID token for a user of the Auth emulator (a seeded one, or a new one). */
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { ActorSchema } from '@firebase-event-store/kernel';
import { SEEDED_PASSWORD, signIn, signUp } from './lib/auth-emulator.js';
import { commonOptions, parseCli, usageUnless } from './lib/cli.js';

const usage = `Usage: scripts/id-token --email <email> [--password <p>] [--create --tenant <t> [--roles a,b]]

Prints an ID token for the user, signed in on the Auth emulator: TOKEN=$(scripts/id-token ...)

Options:
  --email <email>         the user (seeded users: see README)
  --password <p>          default: password123 (the seeded users' password)
  --create                sign the user up first, with the custom claims below
  --tenant <t>            with --create: the user's tenant claim
  --roles <a,b>           with --create: the user's roles claim
  --emulator <host:port>  the Auth emulator (default: $FIREBASE_AUTH_EMULATOR_HOST or 127.0.0.1:9099)
  --project <id>          default: $GCLOUD_PROJECT or demo-event-store
  -h, --help              this text`;

const { values } = parseCli(usage, {
  email: { type: 'string' },
  password: { type: 'string', default: SEEDED_PASSWORD },
  create: { type: 'boolean', default: false },
  tenant: { type: 'string' },
  roles: { type: 'string', default: '' },
  emulator: { type: 'string', default: process.env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9099' },
  ...commonOptions,
});
usageUnless(Boolean(values.email) && !(values.create && !values.tenant), usage);
const email = values.email!;
if (values.create) {
  const claims = {
    tenant: ActorSchema.shape.tenant.parse(values.tenant),
    roles: values.roles.split(',').filter(Boolean),
  };
  const { uid } = await signUp(values.emulator, email, values.password);
  process.env.FIREBASE_AUTH_EMULATOR_HOST = values.emulator;
  await getAuth(initializeApp({ projectId: values.project })).setCustomUserClaims(uid, claims);
}
console.log((await signIn(values.emulator, email, values.password)).idToken);
process.exit(0);
