import { doc, onSnapshot, type Firestore, type Unsubscribe } from 'firebase/firestore';

/** The keystroke calculator's snapshot, as the command API writes it beside its events. */
export interface CalculatorSnapshot {
  readonly version: number;
  readonly state: { left: string; right: string | null; operator: string | null; result: number };
}

/** The EventCounter projection's read model of the tenant. */
export interface EventCount {
  readonly eventCount: number;
  readonly byName: Record<string, number>;
}

/**
 * Live reads, straight from Firestore through the security rules (own tenant, readable
 * collections only): the aggregate's snapshot and the tenant's event counter.
 */
export function watchCalculator(
  db: Firestore,
  tenant: string,
  id: string,
  show: (snapshot: CalculatorSnapshot | undefined, fromCache: boolean) => void,
  failed: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(
    doc(db, 'tenants', tenant, 'KeystrokeCalculator', id),
    // Also when only `fromCache` changes: the page says whether what it shows is live.
    { includeMetadataChanges: true },
    (snapshot) => {
      const data = snapshot.data() as CalculatorSnapshot | undefined;
      show(data && { version: data.version, state: data.state }, snapshot.metadata.fromCache);
    },
    failed,
  );
}

export function watchEventCount(
  db: Firestore,
  tenant: string,
  show: (count: EventCount | undefined) => void,
  failed: (error: Error) => void,
): Unsubscribe {
  return onSnapshot(
    doc(db, 'tenants', tenant, 'EventCounter', 'all'),
    (snapshot) => show(snapshot.data() as EventCount | undefined),
    failed,
  );
}
