import { SAFE_ID } from '@firebase-event-store/kernel';
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

/** After a restore of the main database: forgets again every subject the keys say was forgotten (docs/security.md). */
export const forgetAgain = defineCommand({
  name: 'forget-again',
  summary: 'after a restore: forgets again every subject the keys say was forgotten',
  usage: `Usage: firebase-event-store forget-again [<catalog module>] --tenant <t> [options]

After a restore of the main database, forgets again, in the tenant, every data subject the
keys say was forgotten (their key is gone): rebuilds what the restore brought back in plain.
Prints what it did, as JSON. The catalog module may be given first, or with --catalog.

Options:
  --tenant <t>            the tenant
${FIRESTORE_EMULATOR_HELP}
${PROJECT_HELP}
${CATALOG_HELP}
${HELP_HELP}`,
  options: { tenant: { type: 'string' }, emulator: { type: 'string' }, ...PROJECT_OPTION, ...CATALOG_OPTION },
  positionals: 1,
  check: ({ values }) => SAFE_ID.test(values.tenant ?? ''),
  async run({ values, positionals: [module] }, context) {
    const project = context.project();
    const catalog = await context.catalog(module);
    const deployment = await firestoreDeployment(
      project,
      values.emulator ?? setting(context.env, 'FIRESTORE_EMULATOR_HOST'),
      catalog,
    );
    context.out(JSON.stringify(await deployment.forgetAgain(operatorActor(values.tenant))));
  },
});
