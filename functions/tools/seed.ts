/**
 * Seeds a running Emulator Suite the way a client would: users on the Auth emulator with their
 * claims, commands through the API, then the reader. scripts/seed-emulator-data runs it and
 * exports the result to emulator-data/.
 */
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { SEEDED_PASSWORD, signIn, signUp } from './lib/auth-emulator.js';
import { parseCli } from './lib/cli.js';
import { runReadPending } from './lib/functions-emulator.js';
import { keyCommands, SAMPLE_KEYSTROKES } from './lib/sample-keystrokes.js';

const usage = `Usage: tsx functions/tools/seed.ts [--auth host:port] [--firestore host:port] [--functions host:port] [--project id]

Seeds a running, empty Emulator Suite (npm run seed runs it, then exports emulator-data/).`;
const { values } = parseCli(usage, {
  auth: { type: 'string', default: '127.0.0.1:9099' },
  firestore: { type: 'string', default: '127.0.0.1:8080' },
  functions: { type: 'string', default: '127.0.0.1:5001' },
  project: { type: 'string', default: 'demo-event-store' },
  help: { type: 'boolean', short: 'h' },
});
process.env.FIREBASE_AUTH_EMULATOR_HOST = values.auth;
process.env.FIRESTORE_EMULATOR_HOST = values.firestore;
const app = initializeApp({ projectId: values.project });
const api = `http://${values.functions}/${values.project}/us-central1/api`;

const users = [
  { email: 'ada@acme.com', name: 'Ada', tenant: 'acme', roles: ['user', 'manager', 'admin'] },
  { email: 'bob@acme.com', name: 'Bob', tenant: 'acme', roles: ['user'] },
  { email: 'carla@globex.com', name: 'Carla', tenant: 'globex', roles: ['user', 'manager'] },
];
const tenants = { acme: 'Acme Corporation', globex: 'Globex' };

for (const [id, name] of Object.entries(tenants)) await getFirestore(app).doc(`tenants/${id}`).set({ name });
const tokens = new Map<string, string>();
for (const { email, name, tenant, roles } of users) {
  const { uid } = await signUp(values.auth, email, SEEDED_PASSWORD);
  await getAuth(app).updateUser(uid, { displayName: name });
  await getAuth(app).setCustomUserClaims(uid, { tenant, roles });
  tokens.set(tenant, (await signIn(values.auth, email, SEEDED_PASSWORD)).idToken);
}

async function command(tenant: string, name: string, body: object) {
  const response = await fetch(`${api}/commands/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.get(tenant)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${name} for ${tenant}: ${response.status} ${await response.text()}`);
}

async function keystrokes(tenant: keyof typeof SAMPLE_KEYSTROKES) {
  const { id, keys } = SAMPLE_KEYSTROKES[tenant];
  for (const { name, body } of keyCommands(id, keys)) await command(tenant, name, body);
}

// The seed library's README examples, one tenant each way.
await command('acme', 'AddNumbers', { aggregateId: 'calc-1', number1: 1, number2: 2 });
await command('acme', 'AddNumbers', { aggregateId: 'calc-1', number1: 3, number2: 4 });
await command('acme', 'SubtractNumbers', { aggregateId: 'calc-1', number1: 1, number2: 1 });
await keystrokes('acme');
// Personal data: Bob (acme's last signed-in user) claims a calculator under his name, sealed with
// his key; README, "Personal data that can be forgotten", forgets him.
await command('acme', 'ClaimCalculator', { aggregateId: 'calc-2', displayName: 'Bob Babbage' });
await command('acme', 'AddNumbers', { aggregateId: 'calc-2', number1: 5, number2: 5 });
await command('globex', 'AddNumbers', { aggregateId: 'calc-1', number1: 10, number2: 20 });
await keystrokes('globex');

// Bring the read models up to date before the export (the schedule, run by hand).
const schedule = await runReadPending(values.functions, values.project);
if (!schedule.ok) throw new Error(`readPending: ${schedule.status}`);
console.log(JSON.stringify({ users: users.map(({ email, tenant, roles }) => ({ email, tenant, roles })), tenants }));
process.exit(0);
