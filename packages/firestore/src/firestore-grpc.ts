import type { v1 } from 'firebase-admin/firestore';
import { createRequire } from 'node:module';

type ClientOptions = NonNullable<ConstructorParameters<typeof v1.FirestoreClient>[0]>;

/** The part of `@grpc/grpc-js` the document reader needs: plaintext credentials for the emulator. */
interface Grpc {
  readonly credentials: { createInsecure(): ClientOptions['sslCreds'] };
}

/**
 * gRPC as firebase-admin's own Firestore client loads it: `google-gax`, resolved from
 * `@google-cloud/firestore`, resolved from `firebase-admin`. Not a dependency of ours, so there
 * is one copy in the process and no version to keep in step with the SDK's.
 */
const fromAdmin = createRequire(createRequire(import.meta.url).resolve('firebase-admin/firestore'));
const fromFirestore = createRequire(fromAdmin.resolve('@google-cloud/firestore'));
export const { grpc } = fromFirestore('google-gax') as { grpc: Grpc };
