import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDeployment } from '@firebase-event-store/functions';
import {
  createCommandHandler,
  defineCatalog,
  FORGOTTEN,
  localKeyWrapper,
  type Actor,
} from '@firebase-event-store/kernel';
import {
  connectEmulatorFirestore,
  documentsHolding,
  startFirestoreEmulator,
  TEST_PROJECT,
  type RunningEmulator,
} from '@firebase-event-store/testing/emulator';
import { catalog } from '../../src/catalog.js';

/**
 * attack F6 (docs/security.md): after a data subject is forgotten, restoring the main database from an
 * export taken before still shows the subject as forgotten, when the keys live in a database of
 * their own (the catalog's subjectKeys); with the keys beside the events (the default), the
 * restore brings the name back, which is the erasure window docs/security.md states.
 */
const A = inject('firestoreEmulatorHost');
const run = randomUUID().slice(0, 8);
const MAIN = `main-${run}`;
const KEYS = `subject-keys-${run}`;
const exportDir = mkdtempSync(join(tmpdir(), 'firestore-export-'));
let restored: RunningEmulator | undefined;
afterAll(async () => {
  await restored?.stop();
  rmSync(exportDir, { recursive: true, force: true });
});

const actor = (tenant: string, id: string, roles: string[] = ['user']): Actor => ({
  id,
  name: id,
  tenant,
  roles,
});

/** Claims calculator c1 of the tenant for a new owner named `name`, and runs the projections. */
async function claim(deployment: ReturnType<typeof createDeployment>, tenant: string, name: string) {
  const owner = actor(tenant, `owner-${randomUUID()}`);
  const handler = createCommandHandler({ store: deployment.store, registry: deployment.registry, newId: randomUUID });
  await handler.command(owner, 'ClaimCalculator', { aggregateId: 'c1', displayName: name });
  await handler.command(owner, 'AddNumbers', { aggregateId: 'c1', number1: 2, number2: 3 });
  await deployment.reader.poll(tenant);
  return owner.id;
}

/** What a reader of the tenant sees of c1's owner: in its events, its snapshot and its read model. */
async function seen(deployment: ReturnType<typeof createDeployment>, db: Firestore, tenant: string) {
  const events = [];
  for await (const event of deployment.store.readStream({ tenant, type: 'Calculator', id: 'c1' })) events.push(event);
  const snapshot = (await db.doc(`tenants/${tenant}/Calculator/c1`).get()).get('state.owner.name') as string;
  return { event: (events[0]!.data as { displayName: string }).displayName, snapshot };
}

/** The main database as an export holds it, through the emulator's own export. */
async function exportMain(): Promise<string> {
  const response = await fetch(`http://${A}/emulator/v1/projects/${TEST_PROJECT}:export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      database: `projects/${TEST_PROJECT}/databases/${MAIN}`,
      export_directory: exportDir,
      export_name: 'before-forget',
    }),
  });
  expect(response.status).toBe(200);
  return join(exportDir, 'before-forget', 'before-forget.overall_export_metadata');
}

describe('restoring the main database after forgetting (emulator)', () => {
  it('with the keys in a database of their own (wrapped or not) every read still shows [forgotten], and forgetAgain rebuilds what the restore brought back; with the keys beside the events the name comes back', async () => {
    const name = `Ada ${run}`;
    const tenants = { separate: `sep-${run}`, wrapped: `kms-${run}`, beside: `same-${run}` };
    const wrapper = localKeyWrapper(Buffer.alloc(32, 7));
    // Before: one main database, and the keys of two tenants' deployments in another one.
    const mainA = connectEmulatorFirestore(A, TEST_PROJECT, MAIN);
    const keysA = connectEmulatorFirestore(A, TEST_PROJECT, KEYS);
    const withKeysDatabase = defineCatalog({
      aggregates: catalog.aggregates,
      handlers: catalog.handlers,
      subjectKeys: { database: KEYS },
    });
    const before = {
      separate: createDeployment(mainA, withKeysDatabase, { projectId: TEST_PROJECT }),
      wrapped: createDeployment(mainA, catalog, { projectId: TEST_PROJECT, keysDatabase: keysA, keyWrapper: wrapper }),
      beside: createDeployment(mainA, catalog, { projectId: TEST_PROJECT }),
    };
    const owners: Record<string, string> = {};
    for (const [kind, deployment] of Object.entries(before)) {
      owners[kind] = await claim(deployment, tenants[kind as keyof typeof tenants], name);
    }
    // The keys of the first two are not in the main database at all; a wrapped one is not the key.
    expect((await mainA.collection(`tenants/${tenants.separate}/subjectKeys`).get()).size).toBe(0);
    const wrappedKey = (await keysA.collection(`tenants/${tenants.wrapped}/subjectKeys`).get()).docs[0]!.data();
    expect(Object.keys(wrappedKey).sort()).toEqual(['createdAt', 'subject', 'wrappedKey', 'wrappedWith']);

    const backup = await exportMain();
    for (const [kind, deployment] of Object.entries(before)) {
      const tenant = tenants[kind as keyof typeof tenants];
      await deployment.forget(actor(tenant, 'operator', ['admin']), owners[kind]!, async () => {});
      expect(await seen(deployment, mainA, tenant)).toEqual({ event: FORGOTTEN, snapshot: FORGOTTEN });
    }

    // The main database restored from the export taken before the forgetting; the keys as they are.
    restored = await startFirestoreEmulator({ seedFromExport: backup });
    const mainB = connectEmulatorFirestore(restored.host, TEST_PROJECT, MAIN);
    const after = {
      separate: createDeployment(mainB, catalog, { projectId: TEST_PROJECT, keysDatabase: keysA }),
      wrapped: createDeployment(mainB, catalog, { projectId: TEST_PROJECT, keysDatabase: keysA, keyWrapper: wrapper }),
      beside: createDeployment(mainB, catalog, { projectId: TEST_PROJECT }),
    };
    for (const kind of ['separate', 'wrapped'] as const) {
      const tenant = tenants[kind];
      // The events do not open: their subject's key stayed forgotten. The snapshot came back in plain.
      expect(await seen(after[kind], mainB, tenant)).toEqual({ event: FORGOTTEN, snapshot: name });
      const reports = await after[kind].forgetAgain(actor(tenant, 'operator', ['admin']), async () => {});
      expect(reports).toMatchObject([
        { subject: owners[kind], alreadyForgotten: true, snapshots: [{ type: 'Calculator', id: 'c1', version: 2 }] },
      ]);
      expect(await seen(after[kind], mainB, tenant)).toEqual({ event: FORGOTTEN, snapshot: FORGOTTEN });
      expect(await documentsHolding(mainB, tenant, name)).toEqual([]);
    }
    // Beside the events, the restore brought the key back: the name reads again, and nothing
    // says it was forgotten. That window is the backups' and exports' lifetime.
    expect(await seen(after.beside, mainB, tenants.beside)).toEqual({ event: name, snapshot: name });
    expect(await after.beside.forgetAgain(actor(tenants.beside, 'operator', ['admin']))).toEqual([]);
  });
});
