/**
 * scripts/forget-subject: the right to erasure, for operators. Deletes a data subject's key in a
 * tenant, rebuilds what held their personal data in plain, records the audit event, and prints
 * what it rebuilt as JSON: what `POST /admin/subjects/{subject}/forget` does, without the HTTP
 * function's timeout.
 */
import { userInfo } from 'node:os';
import { setTimeout } from 'node:timers/promises';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { createDeployment, FORGET_SETTLE_MS } from '@firebase-event-store/functions';
import { parseActor, SAFE_ID, SubjectId } from '@firebase-event-store/kernel';
import { catalog } from '../src/catalog.js';
import { commonOptions, emulatorFor, parseCli, usageUnless } from './lib/cli.js';

const usage = `Usage: scripts/forget-subject <subject> --tenant <t> [options]

Forgets a data subject (the user id their events carry) in a tenant: deletes their key, so
every personal field of theirs reads as "[forgotten]" from then on, in every read path; then
rebuilds the snapshots, idempotency records and projections that held it in plain, and records
the audit event DataSubject/<key id> SubjectForgotten. Events, versions and positions stay.
Safe to run again. Prints what it rebuilt, as JSON.

Options:
  --settle <seconds>      how long to wait out commands already in flight before rebuilding
                          (default ${FORGET_SETTLE_MS / 1000}: a command gives up after 8)
  --emulator <host:port>  the Firestore emulator (default: $FIRESTORE_EMULATOR_HOST, and for a
                          demo- project npm start's, 127.0.0.1:8080); without one, a real
                          project, with Application Default Credentials
  --project <id>          default: $GCLOUD_PROJECT or demo-event-store
  -h, --help              this text`;

const { values, positionals } = parseCli(
  usage,
  {
    tenant: { type: 'string' },
    settle: { type: 'string', default: String(FORGET_SETTLE_MS / 1000) },
    emulator: { type: 'string', default: process.env.FIRESTORE_EMULATOR_HOST },
    ...commonOptions,
  },
  1,
);
const [subject] = positionals;
const settleSeconds = Number(values.settle);
const complete =
  positionals.length === 1 &&
  SubjectId.safeParse(subject).success &&
  SAFE_ID.test(values.tenant ?? '') &&
  Number.isFinite(settleSeconds) &&
  settleSeconds >= 0;
usageUnless(complete, usage);
const emulator = await emulatorFor(values.project, values.emulator, 'firestore');
if (emulator) process.env.FIRESTORE_EMULATOR_HOST = emulator;
const { forget } = createDeployment(getFirestore(initializeApp({ projectId: values.project })), catalog, {
  projectId: values.project,
});
// The audit event names who ran it: the operator's login on this machine.
const operator = parseActor({
  id: `operator:${userInfo().username}`,
  name: userInfo().username,
  tenant: values.tenant,
  roles: ['admin'],
});
console.log(JSON.stringify(await forget(operator, subject!, () => setTimeout(settleSeconds * 1000)), null, 2));
process.exit(0);
