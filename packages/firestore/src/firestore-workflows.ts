import { createHash } from 'node:crypto';
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  SAFE_ID,
  workflowRules as rules,
  type InstanceChange,
  type InstanceKey,
  type WorkflowInstance,
  type WorkflowStore,
  type WorkflowTimer,
} from '@firebase-event-store/kernel';
import { read } from './firestore-errors.js';

// `tenants/{tenant}/workflows/{workflow}/instances/{instance}` holds an instance: its state, the
// position of the last event applied, its revision and its pending timers (a map by name), so
// loading it is one read and a save's preconditions are checked on one document. Each pending
// timer is also a document of its own, `.../instances/{instance}/timers/{name}`, written in the
// same transaction: the index the scheduled run finds due timers by, a collection-group query
// on (`workflow`, `at`) across every tenant. Clients read none of it (firestore.rules matches no
// such path).

/** A document id for any string: a safe id as it is, another as `~` and its hash (`~` is not in a safe id). */
const docId = (id: string) => (SAFE_ID.test(id) ? id : `~${createHash('sha256').update(id).digest('base64url')}`);

/** Timers are compared by the ISO string of their time: one form whatever the caller wrote. */
const canonical = (at: string) => new Date(at).toISOString();
const canonicalTimer = (timer: WorkflowTimer): WorkflowTimer => ({ ...timer, at: canonical(timer.at) });

interface InstanceDocument {
  readonly instance: string;
  readonly state: unknown;
  readonly position: number;
  readonly revision: number;
  readonly timers: Record<string, WorkflowTimer>;
}

/**
 * A timer's document: `at` is what the due query orders by; the key says whose it is. A timer
 * stopped by its failures has no `at` (so no due query finds it) but `stoppedAt` instead.
 */
interface TimerDocument extends InstanceKey {
  readonly at?: Timestamp;
  readonly timer: WorkflowTimer;
  readonly failures?: number;
  readonly error?: string;
  readonly stoppedAt?: Timestamp;
}

const instanceOf = (data: unknown): WorkflowInstance | undefined => {
  if (!data) return undefined;
  const { state, position, revision, timers } = data as InstanceDocument;
  return { state, position, revision, timers };
};

/** The workflow part of the Firestore store (see `WorkflowStore`): every save one transaction. */
export function firestoreWorkflows(db: Firestore): WorkflowStore {
  const instanceRef = ({ tenant, workflow, instance }: InstanceKey) =>
    db.doc(`tenants/${tenant}/workflows/${workflow}/instances/${docId(instance)}`);
  const timerRef = (key: InstanceKey, name: string) => instanceRef(key).collection('timers').doc(docId(name));

  return {
    async loadInstance(key) {
      return instanceOf((await read(instanceRef(key).get())).data());
    },

    saveInstance: (key, change) =>
      read(
        db.runTransaction(async (tx) => {
          const ref = instanceRef(key);
          const stored = instanceOf((await tx.get(ref)).data());
          const asked: InstanceChange = {
            ...change,
            set: change.set.map(canonicalTimer),
            ...(change.fired && { fired: { ...change.fired, at: canonical(change.fired.at) } }),
          };
          if (!rules.accepts(stored, asked)) return false;
          const timers = rules.timersAfter(stored, asked);
          tx.set(ref, {
            instance: key.instance,
            state: asked.state,
            position: asked.position,
            revision: asked.from + 1,
            timers,
          } satisfies InstanceDocument);
          // Only the timers that changed: those set (again), and those gone that were there.
          for (const timer of asked.set)
            tx.set(timerRef(key, timer.name), {
              ...key,
              at: Timestamp.fromDate(new Date(timer.at)),
              timer,
            } satisfies TimerDocument);
          const gone = [...asked.cancel, ...(asked.fired ? [asked.fired.name] : [])];
          for (const name of new Set(gone)) if (stored?.timers[name] && !timers[name]) tx.delete(timerRef(key, name));
          return true;
        }),
      ),

    // One query per 30 workflows (the most an `in` filter takes), on the composite index
    // (workflow, at) of firestore.indexes.json; merged, the earliest first.
    async dueTimers(now, limit, workflows) {
      const chunks = Array.from({ length: Math.ceil(workflows.length / 30) }, (_, i) =>
        workflows.slice(i * 30, i * 30 + 30),
      );
      const pages = await Promise.all(
        chunks.map((names) =>
          read(
            db
              .collectionGroup('timers')
              .where('workflow', 'in', names)
              .where('at', '<=', Timestamp.fromDate(now))
              .orderBy('at')
              .limit(limit)
              .get(),
          ),
        ),
      );
      const due = pages.flatMap((page) => page.docs.map((doc) => doc.data() as TimerDocument));
      return due
        .sort((a, b) => a.at!.toMillis() - b.at!.toMillis())
        .slice(0, limit)
        .map(({ tenant, workflow, instance, timer }) => ({ ...timer, tenant, workflow, instance }));
    },

    timerFailed: (key, { name, at, error }, budget) =>
      read(
        db.runTransaction(async (tx) => {
          const ref = timerRef(key, name);
          const stored = (await tx.get(ref)).data() as TimerDocument | undefined;
          if (!stored || stored.timer.at !== canonical(at)) return 0;
          const failures = (stored.failures ?? 0) + 1;
          tx.update(ref, {
            failures,
            error,
            ...(rules.stops(failures, budget) && { at: FieldValue.delete(), stoppedAt: stored.at ?? null }),
          });
          return failures;
        }),
      ),
  };
}
