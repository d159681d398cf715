import type { Firestore, WriteBatch } from 'firebase-admin/firestore';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { emulatorFirestore, TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { httpApiSuite } from '../suites/http-api.suite.js';

const db = emulatorFirestore();

/**
 * A Firestore whose next `failures` batches are built for real (every write staged) and then
 * fail to commit the way a dropped connection does: gRPC UNAVAILABLE.
 */
function flaky(firestore: Firestore, failures: number): Firestore {
  return new Proxy(firestore, {
    get(target, property) {
      if (property !== 'batch') {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (): WriteBatch => {
        const batch = target.batch();
        if (failures-- > 0) {
          batch.commit = () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: injected'), { code: 14 }));
        }
        return batch;
      };
    },
  });
}

httpApiSuite({
  name: 'Firestore on the emulator',
  store: () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
  flakyStore: (failures) => createFirestoreEventStore(flaky(db, failures), { projectId: TEST_PROJECT }),
});
