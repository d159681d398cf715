import { z } from 'zod';
import { ActorSchema } from '@firebase-event-store/kernel';
import { defineCommand, HELP_HELP, PROJECT_OPTION, setting } from '../command.js';
import { UsageError } from '../cli-error.js';
import { emulatorFor } from '../emulator-for.js';

const Claims = z.object({ tenant: ActorSchema.shape.tenant, roles: ActorSchema.shape.roles });

/** Gives a user the custom claims the API builds its Actor from. */
export const setClaims = defineCommand({
  name: 'set-claims',
  summary: "sets a user's tenant and roles (custom claims), on the Auth emulator or a real project",
  usage: `Usage: firebase-event-store set-claims (--uid <uid> | --email <email>) --tenant <tenant> [--roles a,b] [options]

Sets the user's custom claims { tenant, roles }: the API's Actor comes from them. The user
must sign in again (or refresh the ID token) to receive them.

Options:
  --uid <uid>            the user, by uid
  --email <email>        the user, by email
  --tenant <tenant>      1-128 characters of A-Z a-z 0-9 _ -
  --roles <a,b>          comma-separated role names (default: none)
  --project <id>         Firebase project (default: $GCLOUD_PROJECT, else .firebaserc's default)
  --emulator <host:port> the Auth emulator (default: $FIREBASE_AUTH_EMULATOR_HOST, and for a
                         demo- project npm start's, 127.0.0.1:9099); without one, a real
                         project is used, with Application Default Credentials
                         (gcloud auth application-default login)
${HELP_HELP}`,
  options: {
    uid: { type: 'string' },
    email: { type: 'string' },
    tenant: { type: 'string' },
    roles: { type: 'string', default: '' },
    emulator: { type: 'string' },
    ...PROJECT_OPTION,
  },
  check: ({ values }) => Boolean(values.tenant && (values.uid || values.email)),
  async run({ values }, context) {
    const claims = Claims.safeParse({ tenant: values.tenant, roles: values.roles.split(',').filter(Boolean) });
    if (!claims.success) {
      const issues = claims.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new UsageError(`invalid claims: ${issues}`);
    }
    const project = context.project();
    const emulator = await emulatorFor(
      project,
      values.emulator ?? setting(context.env, 'FIREBASE_AUTH_EMULATOR_HOST'),
      'auth',
    );
    if (emulator) process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator;
    const [{ initializeApp }, { getAuth }] = await Promise.all([
      import('firebase-admin/app'),
      import('firebase-admin/auth'),
    ]);
    const auth = getAuth(initializeApp({ projectId: project }));
    const user = values.uid ? await auth.getUser(values.uid) : await auth.getUserByEmail(values.email!);
    await auth.setCustomUserClaims(user.uid, { ...user.customClaims, ...claims.data });
    context.out(JSON.stringify({ uid: user.uid, project, claims: claims.data }));
  },
});
