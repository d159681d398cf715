import { ActorSchema } from '@firebase-event-store/kernel';
import { SEEDED_PASSWORD, signIn, signUp } from '../auth-emulator.js';
import { defineCommand, HELP_HELP, PROJECT_HELP, PROJECT_OPTION, setting } from '../command.js';

/** A fresh ID token for a user of the Auth emulator (a seeded one, or a new one). */
export const idToken = defineCommand({
  name: 'id-token',
  summary: 'a fresh ID token for a user of the Auth emulator (seeded or new)',
  usage: `Usage: firebase-event-store id-token --email <email> [--password <p>] [--create --tenant <t> [--roles a,b]]

Prints an ID token for the user, signed in on the Auth emulator:
TOKEN=$(npx firebase-event-store id-token ...)

Options:
  --email <email>         the user (seeded users: see README)
  --password <p>          default: ${SEEDED_PASSWORD} (the seeded users' password)
  --create                sign the user up first, with the custom claims below
  --tenant <t>            with --create: the user's tenant claim
  --roles <a,b>           with --create: the user's roles claim
  --emulator <host:port>  the Auth emulator (default: $FIREBASE_AUTH_EMULATOR_HOST or 127.0.0.1:9099)
${PROJECT_HELP}
                          (with --create)
${HELP_HELP}`,
  options: {
    email: { type: 'string' },
    password: { type: 'string', default: SEEDED_PASSWORD },
    create: { type: 'boolean', default: false },
    tenant: { type: 'string' },
    roles: { type: 'string', default: '' },
    emulator: { type: 'string' },
    ...PROJECT_OPTION,
  },
  check: ({ values }) => Boolean(values.email) && !(values.create && !values.tenant),
  async run({ values }, context) {
    const emulator = values.emulator ?? setting(context.env, 'FIREBASE_AUTH_EMULATOR_HOST') ?? '127.0.0.1:9099';
    const email = values.email!;
    if (values.create) {
      const claims = {
        tenant: ActorSchema.shape.tenant.parse(values.tenant),
        roles: values.roles.split(',').filter(Boolean),
      };
      const project = context.project();
      const { uid } = await signUp(emulator, email, values.password);
      process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator;
      const [{ initializeApp }, { getAuth }] = await Promise.all([
        import('firebase-admin/app'),
        import('firebase-admin/auth'),
      ]);
      await getAuth(initializeApp({ projectId: project })).setCustomUserClaims(uid, claims);
    }
    context.out((await signIn(emulator, email, values.password)).idToken);
  },
});
