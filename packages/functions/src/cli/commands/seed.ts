import { SEEDED_PASSWORD, signIn, signUp } from '../auth-emulator.js';
import { defineCommand, HELP_HELP, PROJECT_HELP, PROJECT_OPTION } from '../command.js';
import { runReadPending } from '../functions-emulator.js';
import { keyCommands, SAMPLE_KEYSTROKES } from '../sample-keystrokes.js';

const USERS = [
  { email: 'ada@acme.com', name: 'Ada', tenant: 'acme', roles: ['user', 'manager', 'admin'] },
  { email: 'bob@acme.com', name: 'Bob', tenant: 'acme', roles: ['user'] },
  { email: 'carla@globex.com', name: 'Carla', tenant: 'globex', roles: ['user', 'manager'] },
];
const TENANTS = { acme: 'Acme Corporation', globex: 'Globex' };

/**
 * Seeds a running Emulator Suite the way a client would: users on the Auth emulator with their
 * claims, the reference project's calculator commands through the API, then the reader.
 * `npm run seed` (scripts/seed-emulator-data.sh) runs it and exports the result to emulator-data/.
 */
export const seed = defineCommand({
  name: 'seed',
  summary: "seeds a running, empty Emulator Suite with the reference project's calculators",
  usage: `Usage: firebase-event-store seed [--auth host:port] [--firestore host:port] [--functions host:port] [--project id]

Seeds a running, empty Emulator Suite with the reference project's users (password
${SEEDED_PASSWORD}) and calculators, through its API (npm run seed runs it, then exports
emulator-data/). Prints the users and tenants, as JSON.

Options:
  --auth <host:port>       the Auth emulator (default 127.0.0.1:9099)
  --firestore <host:port>  the Firestore emulator (default 127.0.0.1:8080)
  --functions <host:port>  the Functions emulator (default 127.0.0.1:5001)
${PROJECT_HELP}
${HELP_HELP}`,
  options: {
    auth: { type: 'string', default: '127.0.0.1:9099' },
    firestore: { type: 'string', default: '127.0.0.1:8080' },
    functions: { type: 'string', default: '127.0.0.1:5001' },
    ...PROJECT_OPTION,
  },
  async run({ values }, context) {
    const project = context.project();
    process.env.FIREBASE_AUTH_EMULATOR_HOST = values.auth;
    process.env.FIRESTORE_EMULATOR_HOST = values.firestore;
    const [{ initializeApp }, { getAuth }, { getFirestore }] = await Promise.all([
      import('firebase-admin/app'),
      import('firebase-admin/auth'),
      import('firebase-admin/firestore'),
    ]);
    const app = initializeApp({ projectId: project });
    const api = `http://${values.functions}/${project}/us-central1/api`;

    for (const [id, name] of Object.entries(TENANTS)) await getFirestore(app).doc(`tenants/${id}`).set({ name });
    const tokens = new Map<string, string>();
    for (const { email, name, tenant, roles } of USERS) {
      const { uid } = await signUp(values.auth, email, SEEDED_PASSWORD);
      await getAuth(app).updateUser(uid, { displayName: name });
      await getAuth(app).setCustomUserClaims(uid, { tenant, roles });
      tokens.set(tenant, (await signIn(values.auth, email, SEEDED_PASSWORD)).idToken);
    }
    const command = async (tenant: string, name: string, body: object) => {
      const response = await fetch(`${api}/commands/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.get(tenant)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${name} for ${tenant}: ${response.status} ${await response.text()}`);
    };
    const keystrokes = async (tenant: keyof typeof SAMPLE_KEYSTROKES) => {
      const { id, keys } = SAMPLE_KEYSTROKES[tenant];
      for (const { name, body } of keyCommands(id, keys)) await command(tenant, name, body);
    };

    // The seed library's README examples, one tenant each way.
    await command('acme', 'AddNumbers', { aggregateId: 'calc-1', number1: 1, number2: 2 });
    await command('acme', 'AddNumbers', { aggregateId: 'calc-1', number1: 3, number2: 4 });
    await command('acme', 'SubtractNumbers', { aggregateId: 'calc-1', number1: 1, number2: 1 });
    await keystrokes('acme');
    // Personal data: Bob (acme's last signed-in user) claims a calculator under his name, sealed
    // with his key; README, "Personal data that can be forgotten", forgets him.
    await command('acme', 'ClaimCalculator', { aggregateId: 'calc-2', displayName: 'Bob Babbage' });
    await command('acme', 'AddNumbers', { aggregateId: 'calc-2', number1: 5, number2: 5 });
    await command('globex', 'AddNumbers', { aggregateId: 'calc-1', number1: 10, number2: 20 });
    await keystrokes('globex');

    // Bring the read models up to date before the export (the schedule, run by hand).
    const schedule = await runReadPending(values.functions, project);
    if (!schedule.ok) throw new Error(`readPending: ${schedule.status}`);
    const users = USERS.map(({ email, tenant, roles }) => ({ email, tenant, roles }));
    context.out(JSON.stringify({ users, tenants: TENANTS }));
  },
});
