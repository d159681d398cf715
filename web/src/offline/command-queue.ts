import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CommandName, Problem } from '../api/client.js';

/** A command waiting to be sent: everything needed to send it again, byte for byte. */
export interface QueuedCommand {
  readonly seq?: number;
  readonly uid: string;
  readonly aggregateId: string;
  readonly name: CommandName;
  readonly body: Record<string, unknown>;
  /** The same key on every try: a retry after a lost response is answered from it, never applied twice. */
  readonly idempotencyKey: string;
  /** The version this command was made on (If-Match). */
  readonly expectedVersion: number;
  readonly queuedAt: string;
  /**
   * The W3C trace context of the key press that queued it, when the page is traced: every try to
   * send it, after a reload or a day offline too, joins that press's trace.
   */
  readonly traceparent?: string;
}

/** An aggregate whose queue stopped on a 412: its commands wait for the user's decision. */
export interface Conflict {
  readonly uid: string;
  readonly aggregateId: string;
  readonly problem: Problem;
}

/** The last version the API answered for one of the user's aggregates. */
interface Answered {
  readonly uid: string;
  readonly aggregateId: string;
  readonly version: number;
}

interface QueueSchema extends DBSchema {
  commands: { key: number; value: QueuedCommand; indexes: { byAggregate: [string, string] } };
  conflicts: { key: [string, string]; value: Conflict };
  answered: { key: [string, string]; value: Answered };
}

/**
 * The durable, ordered outbox of commands (IndexedDB, shared by the tabs of the origin): a
 * command is written here before it is sent and deleted only once the API answered it.
 */
export async function openCommandQueue(name = 'event-store-outbox') {
  const db: IDBPDatabase<QueueSchema> = await openDB<QueueSchema>(name, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const commands = database.createObjectStore('commands', { keyPath: 'seq', autoIncrement: true });
        commands.createIndex('byAggregate', ['uid', 'aggregateId']);
        database.createObjectStore('conflicts', { keyPath: ['uid', 'aggregateId'] });
      }
      if (oldVersion < 2) database.createObjectStore('answered', { keyPath: ['uid', 'aggregateId'] });
    },
  });
  return {
    /**
     * Queues a command on the version after the aggregate's last queued one or, with none queued,
     * on the newer of `known` (what the display shows) and the last answered version: the display
     * may not have caught up with an answer yet (a key pressed then went out on an old version).
     */
    async enqueue(command: Omit<QueuedCommand, 'expectedVersion' | 'seq'>, known: number): Promise<QueuedCommand> {
      const key: [string, string] = [command.uid, command.aggregateId];
      const tx = db.transaction(['commands', 'answered'], 'readwrite');
      const commands = tx.objectStore('commands');
      const ahead = await commands.index('byAggregate').getAll(key);
      const answered = (await tx.objectStore('answered').get(key))?.version ?? 0;
      // Each key press is one event: the queued command after another builds on its version.
      const last = ahead.at(-1);
      const queued = { ...command, expectedVersion: last ? last.expectedVersion + 1 : Math.max(known, answered) };
      const seq = await commands.add(queued);
      await tx.done;
      return { ...queued, seq };
    },
    /** The API committed it at `version`: removed, and the version kept, in one transaction. */
    async settle(command: QueuedCommand, version: number) {
      const tx = db.transaction(['commands', 'answered'], 'readwrite');
      await Promise.all([
        tx.objectStore('commands').delete(command.seq!),
        tx.objectStore('answered').put({ uid: command.uid, aggregateId: command.aggregateId, version }),
      ]);
      await tx.done;
    },
    all: (uid: string) => db.getAll('commands').then((commands) => commands.filter((c) => c.uid === uid)),
    of: (uid: string, aggregateId: string) => db.getAllFromIndex('commands', 'byAggregate', [uid, aggregateId]),
    remove: (seq: number) => db.delete('commands', seq),
    /** Drops the aggregate's queued commands and what the outbox remembers of it (the user's decision). */
    async discard(uid: string, aggregateId: string) {
      const tx = db.transaction(['commands', 'conflicts', 'answered'], 'readwrite');
      const keys = await tx.objectStore('commands').index('byAggregate').getAllKeys([uid, aggregateId]);
      await Promise.all([
        ...keys.map((key) => tx.objectStore('commands').delete(key)),
        tx.objectStore('conflicts').delete([uid, aggregateId]),
        tx.objectStore('answered').delete([uid, aggregateId]),
      ]);
      await tx.done;
    },
    /** Puts the aggregate's queued commands on `version`, in order, and lifts its conflict. */
    async rebase(uid: string, aggregateId: string, version: number) {
      const tx = db.transaction(['commands', 'conflicts', 'answered'], 'readwrite');
      const commands = await tx.objectStore('commands').index('byAggregate').getAll([uid, aggregateId]);
      await Promise.all([
        ...commands.map((command, i) => tx.objectStore('commands').put({ ...command, expectedVersion: version + i })),
        tx.objectStore('answered').put({ uid, aggregateId, version }),
      ]);
      await tx.objectStore('conflicts').delete([uid, aggregateId]);
      await tx.done;
    },
    conflict: (uid: string, aggregateId: string) => db.get('conflicts', [uid, aggregateId]),
    block: (conflict: Conflict) => db.put('conflicts', conflict),
  };
}

export type CommandQueue = Awaited<ReturnType<typeof openCommandQueue>>;
