import { v1 } from 'firebase-admin/firestore';

/** Billable Firestore operations, as Google prices them: document reads, writes and deletes. */
export interface OperationCounts {
  reads: number;
  writes: number;
  deletes: number;
  /** Round trips, by RPC name (commit, batchGetDocuments, runQuery...): what latency costs. */
  readonly calls: Record<string, number>;
}

type Method = (this: unknown, request: Record<string, unknown>, ...rest: unknown[]) => unknown;
interface Stream {
  on(event: string, listener: (chunk: Record<string, unknown>) => void): Stream;
}

/**
 * Counts every Firestore operation of this process at the SDK's boundary: the GAPIC client
 * (`v1.FirestoreClient`) that firebase-admin's SDK and the store's direct reader both send
 * their RPCs through. Reads are per document returned by a query (at least one per query, as
 * Google bills it), per document asked of `batchGetDocuments`, and one per aggregation query
 * (`count()` is billed one read per 1,000 index entries: our counts stay far below). For
 * benchmarks and the tests that pin the cost of a command; `stop()` undoes it.
 */
export function countFirestoreOperations(): { readonly counts: OperationCounts; reset(): void; stop(): void } {
  const counts: OperationCounts = { reads: 0, writes: 0, deletes: 0, calls: {} };
  const proto = v1.FirestoreClient.prototype as unknown as Record<string, Method>;
  const originals = new Map<string, Method>();
  const call = (name: string) => (counts.calls[name] = (counts.calls[name] ?? 0) + 1);
  const writes = (request: Record<string, unknown>) => {
    for (const write of (request.writes as { delete?: unknown }[] | undefined) ?? []) {
      if (write.delete) counts.deletes++;
      else counts.writes++;
    }
  };
  const wrap = (name: string, count: (request: Record<string, unknown>, result: unknown) => void) => {
    const original = proto[name]!;
    originals.set(name, original);
    proto[name] = function (this: unknown, request, ...rest) {
      call(name);
      const result = original.call(this, request, ...rest);
      count(request ?? {}, result);
      return result;
    };
  };
  wrap('commit', writes);
  wrap('batchWrite', writes);
  wrap('batchGetDocuments', (request) => (counts.reads += (request.documents as unknown[] | undefined)?.length ?? 0));
  wrap('runAggregationQuery', () => counts.reads++);
  wrap('runQuery', (_, result) => {
    let documents = 0;
    let counted = false;
    const finished = () => {
      if (!counted) counts.reads += Math.max(1, documents);
      counted = true;
    };
    (result as Stream)
      .on('data', (chunk) => {
        if (chunk.document) documents++;
        // The last answer of a query (done: its cursor is exhausted or its limit reached): the
        // SDK resolves on it, before the stream ends, so count now.
        if (chunk.done === true) finished();
      })
      .on('end', finished);
  });
  return {
    counts,
    reset() {
      Object.assign(counts, { reads: 0, writes: 0, deletes: 0 });
      for (const name of Object.keys(counts.calls)) delete counts.calls[name];
    },
    stop() {
      for (const [name, original] of originals) proto[name] = original;
    },
  };
}
