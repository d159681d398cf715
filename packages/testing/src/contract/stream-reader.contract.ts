import { describe } from 'vitest';
import { readerDeliveryCases } from './reader-delivery.contract.js';
import { readerFailureCases } from './reader-failures.contract.js';
import { readerIsolationCases } from './reader-isolation.contract.js';
import { readerLeaseCases } from './reader-leases.contract.js';
import { readerOperationCases } from './reader-operations.contract.js';
import { readerRebuildCases } from './reader-rebuilds.contract.js';
import type { ReaderHarness } from './stream-reader-support.contract.js';

export type { ReaderHarness } from './stream-reader-support.contract.js';

/**
 * attack group D (docs/security.md), and the rest of the reader's promises, on any store: one
 * suite an adapter runs whole, its cases grouped by promise in the files it calls.
 */
export function streamReaderContract(harness: ReaderHarness) {
  describe(`StreamReader contract: ${harness.name}`, () => {
    readerDeliveryCases(harness);
    readerFailureCases(harness);
    readerRebuildCases(harness);
    readerIsolationCases(harness);
    readerLeaseCases(harness);
    readerOperationCases(harness);
  });
}
