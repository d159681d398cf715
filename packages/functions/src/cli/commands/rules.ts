import { renderFirestoreRules } from '../../firestore-rules.js';
import { catalogFileCommand } from './catalog-file-command.js';

/** The Firestore security rules of a catalog: what a project's build writes (firestore.rules). */
export const rules = catalogFileCommand({
  name: 'rules',
  summary: "writes the catalog's Firestore security rules",
  describes: `the Firestore security rules of the catalog (clients read snapshots and read models of
their own tenant; nothing else)`,
  render: renderFirestoreRules,
});
