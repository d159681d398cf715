import {
  v1,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type Timestamp,
} from 'firebase-admin/firestore';
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { grpc } from './firestore-grpc.js';
import { fromWireFields, fromWireTimestamp, type WireFields, type WireTimestamp } from './firestore-value.js';

export interface StoredDocument {
  readonly data: DocumentData;
  readonly createTime: Timestamp;
}

/** The fields `fields` of the document at `ref`, or undefined if it does not exist. */
export type ReadDocument = (ref: DocumentReference, fields: readonly string[]) => Promise<StoredDocument | undefined>;

export interface DocumentReaderTarget {
  /**
   * The project of `db`. Required, not guessed from the environment: reads from another project
   * than the commits go to would find nothing, and every aggregate would look new.
   */
  readonly projectId: string;
  /** Default: `FIRESTORE_EMULATOR_HOST`, the variable firebase-admin itself connects to the emulator by. */
  readonly emulatorHost?: string;
}

/** One `BatchGetDocuments` response for one document: `found` or `missing`. */
interface WireResponse {
  readonly result?: string | null;
  readonly found?: {
    readonly fields?: WireFields | null;
    readonly createTime?: WireTimestamp | null;
  } | null;
}

/** Per attempt. A read that takes longer has met an outage, not a slow document: answer 503 soon. */
const DEADLINE_MS = 5_000;
/**
 * Failures worth sending the same read again for, as the SDK's own reads are: UNAVAILABLE,
 * RESOURCE_EXHAUSTED, ABORTED and INTERNAL. Not DEADLINE_EXCEEDED: 5 s have passed already.
 */
const RETRYABLE = new Set([14, 8, 10, 13]);
const retryable = (error: unknown) => RETRYABLE.has((Object(error) as { code?: number }).code ?? 0);
/** After a retryable failure: 25 ms, then two more attempts 50 and 100 ms apart. */
const FIRST_RETRY_MS = 25;
const MORE_RETRIES = { retries: 2, minTimeout: 50, shouldRetry: ({ error }: { error: unknown }) => retryable(error) };

/** One low-level client (one gRPC channel) per endpoint and process, however many stores use it. */
const clients = new Map<string, InstanceType<typeof v1.FirestoreClient>>();

function clientFor(emulatorHost: string | undefined) {
  const key = emulatorHost ?? '';
  let client = clients.get(key);
  if (!client) {
    if (emulatorHost) {
      const { hostname, port } = new URL(`http://${emulatorHost}`);
      client = new v1.FirestoreClient({
        servicePath: hostname.replace(/^\[(.*)\]$/, '$1'), // an IPv6 host without its brackets
        port: Number(port || 8080),
        sslCreds: grpc.credentials.createInsecure(),
      });
    } else {
      client = new v1.FirestoreClient(); // Application Default Credentials, as firebase-admin's own
    }
    clients.set(key, client);
  }
  return client;
}

/**
 * Reads single documents for the command path with one `BatchGetDocuments` request sent
 * straight through the SDK's public low-level client (`v1`). Why not `DocumentReference.get()`:
 * it sends the same request through a retry loop whose first "backoff" is a `setTimeout(0)`, so
 * every `get()` waits for a timer (at least 1 ms in Node) before its request leaves. On the
 * emulator this read takes a third to a half of a `get()` (`bench/RESULTS.md`). `BatchGetDocuments`
 * rather than the unary `GetDocument`: a missing document is an answer (`missing`), not a
 * NOT_FOUND error to build and catch, and a new aggregate's first command reads one.
 * On the emulator it sends the `Authorization: Bearer owner` header the SDK sends there.
 */
export function createDocumentReader(db: Firestore, { projectId, ...target }: DocumentReaderTarget): ReadDocument {
  const emulatorHost = target.emulatorHost ?? process.env.FIRESTORE_EMULATOR_HOST;
  // Made on the first read: loading the client's protos would cost every instance's cold start,
  // and the trigger instances never read this way.
  let client: ReturnType<typeof clientFor> | undefined;
  const database = `projects/${projectId}/databases/${db.databaseId}`;
  const options = {
    timeout: DEADLINE_MS,
    // gax would retry a failed stream itself, after seconds; the retries are ours (RETRY), and quick.
    retryRequestOptions: { retries: 0, noResponseRetries: 0 },
    otherArgs: {
      headers: {
        'google-cloud-resource-prefix': database,
        ...(emulatorHost ? { Authorization: 'Bearer owner' } : {}),
      },
    },
  };

  const readOnce = ({ path }: DocumentReference, fields: readonly string[]) =>
    new Promise<WireResponse>((resolve, reject) => {
      let response: WireResponse | undefined;
      (client ??= clientFor(emulatorHost))
        .batchGetDocuments(
          { database, documents: [`${database}/documents/${path}`], mask: { fieldPaths: [...fields] } },
          options,
        )
        .on('data', (data: WireResponse) => (response = data))
        .on('error', reject)
        .on('end', () =>
          // Every document asked for is answered, found or missing; silence is not "missing".
          response ? resolve(response) : reject(new Error(`Firestore sent no answer for ${path}`)),
        );
    });

  return async (ref, fields) => {
    // The first attempt outside p-retry: no retry machinery on the path every command takes.
    const response = await readOnce(ref, fields).catch(async (error: unknown) => {
      if (!retryable(error)) throw error;
      await sleep(FIRST_RETRY_MS);
      return pRetry(() => readOnce(ref, fields), MORE_RETRIES);
    });
    if (response.result !== 'found' || !response.found) return undefined;
    return {
      data: fromWireFields(response.found.fields ?? {}),
      createTime: fromWireTimestamp(response.found.createTime),
    };
  };
}
