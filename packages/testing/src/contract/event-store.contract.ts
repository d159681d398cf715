import { describe } from 'vitest';
import type { StoreHarness } from './event-store-support.contract.js';
import { storeCommitCases } from './store-commits.contract.js';
import { storeConcurrencyCases } from './store-concurrency.contract.js';
import { storeIdempotencyCases } from './store-idempotency.contract.js';
import { storeLogCases } from './store-log.contract.js';
import { storePromisesContract } from './store-promises.contract.js';
import { storeSnapshotCases } from './store-snapshots.contract.js';

export type { StoreHarness } from './event-store-support.contract.js';

/**
 * The executable specification of `EventStore`: every adapter must pass all of it. One suite an
 * adapter runs whole, its cases grouped by promise in the files it calls.
 */
export function eventStoreContract(harness: StoreHarness) {
  describe(`EventStore contract: ${harness.name}`, () => {
    storePromisesContract(harness);
    storeCommitCases(harness);
    storeConcurrencyCases(harness);
    storeSnapshotCases(harness);
    storeLogCases(harness);
    storeIdempotencyCases(harness);
  });
}
