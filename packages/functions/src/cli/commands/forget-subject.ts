import { setTimeout } from 'node:timers/promises';
import { SAFE_ID, SubjectId } from '@firebase-event-store/kernel';
import { FORGET_SETTLE_MS } from '../../deployment.js';
import {
  CATALOG_HELP,
  CATALOG_OPTION,
  defineCommand,
  FIRESTORE_EMULATOR_HELP,
  HELP_HELP,
  PROJECT_HELP,
  PROJECT_OPTION,
  setting,
} from '../command.js';
import { operatorActor } from '../operator-actor.js';
import { firestoreDeployment } from './firestore-deployment.js';

/**
 * The right to erasure, for operators: what `POST /admin/subjects/{subject}/forget` does,
 * without the HTTP function's timeout. Prints what it rebuilt as JSON.
 */
export const forgetSubject = defineCommand({
  name: 'forget-subject',
  summary: 'forgets a data subject in a tenant (crypto-shredding), rebuilds what held their data',
  usage: `Usage: firebase-event-store forget-subject <subject> --tenant <t> [options]

Forgets a data subject (the user id their events carry) in a tenant: deletes their key, so
every personal field of theirs reads as "[forgotten]" from then on, in every read path; then
rebuilds the snapshots, idempotency records and projections that held it in plain, and records
the audit event DataSubject/<key id> SubjectForgotten. Events, versions and positions stay.
Safe to run again. Prints what it rebuilt, as JSON.

Options:
  --settle <seconds>      how long to wait out commands already in flight before rebuilding
                          (default ${FORGET_SETTLE_MS / 1000}: a command gives up after 8)
${FIRESTORE_EMULATOR_HELP}
${PROJECT_HELP}
${CATALOG_HELP}
${HELP_HELP}`,
  options: {
    tenant: { type: 'string' },
    settle: { type: 'string', default: String(FORGET_SETTLE_MS / 1000) },
    emulator: { type: 'string' },
    ...PROJECT_OPTION,
    ...CATALOG_OPTION,
  },
  positionals: 1,
  check: ({ values, positionals }) =>
    positionals.length === 1 &&
    SubjectId.safeParse(positionals[0]).success &&
    SAFE_ID.test(values.tenant ?? '') &&
    Number.isFinite(Number(values.settle)) &&
    Number(values.settle) >= 0,
  async run({ values, positionals: [subject] }, context) {
    const project = context.project();
    const catalog = await context.catalog();
    const { forget } = await firestoreDeployment(
      project,
      values.emulator ?? setting(context.env, 'FIRESTORE_EMULATOR_HOST'),
      catalog,
    );
    const settle = () => setTimeout(Number(values.settle) * 1000);
    context.out(JSON.stringify(await forget(operatorActor(values.tenant), subject!, settle), null, 2));
  },
});
