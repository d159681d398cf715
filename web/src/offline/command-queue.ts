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
}

/** An aggregate whose queue stopped on a 412: its commands wait for the user's decision. */
export interface Conflict {
  readonly uid: string;
  readonly aggregateId: string;
  readonly problem: Problem;
}

interface QueueSchema extends DBSchema {
  commands: { key: number; value: QueuedCommand; indexes: { byAggregate: [string, string] } };
  conflicts: { key: [string, string]; value: Conflict };
}

/**
 * The durable, ordered outbox of commands (IndexedDB, shared by the tabs of the origin): a
 * command is written here before it is sent and deleted only once the API answered it.
 */
export async function openCommandQueue(name = 'event-store-outbox') {
  const db: IDBPDatabase<QueueSchema> = await openDB<QueueSchema>(name, 1, {
    upgrade(database) {
      const commands = database.createObjectStore('commands', { keyPath: 'seq', autoIncrement: true });
      commands.createIndex('byAggregate', ['uid', 'aggregateId']);
      database.createObjectStore('conflicts', { keyPath: ['uid', 'aggregateId'] });
    },
  });
  return {
    /** Queues a command on the version after the aggregate's last queued one (or `known`). */
    async enqueue(command: Omit<QueuedCommand, 'expectedVersion' | 'seq'>, known: number): Promise<QueuedCommand> {
      const tx = db.transaction('commands', 'readwrite');
      const ahead = await tx.store.index('byAggregate').getAll([command.uid, command.aggregateId]);
      // Each key press is one event: the queued command after another builds on its version.
      const last = ahead.at(-1);
      const queued = { ...command, expectedVersion: last ? last.expectedVersion + 1 : known };
      await tx.store.add(queued);
      await tx.done;
      return queued;
    },
    all: (uid: string) => db.getAll('commands').then((commands) => commands.filter((c) => c.uid === uid)),
    of: (uid: string, aggregateId: string) => db.getAllFromIndex('commands', 'byAggregate', [uid, aggregateId]),
    remove: (seq: number) => db.delete('commands', seq),
    async discard(uid: string, aggregateId: string) {
      const tx = db.transaction(['commands', 'conflicts'], 'readwrite');
      const keys = await tx.objectStore('commands').index('byAggregate').getAllKeys([uid, aggregateId]);
      await Promise.all([
        ...keys.map((key) => tx.objectStore('commands').delete(key)),
        tx.objectStore('conflicts').delete([uid, aggregateId]),
      ]);
      await tx.done;
    },
    /** Puts the aggregate's queued commands on `version`, in order, and lifts its conflict. */
    async rebase(uid: string, aggregateId: string, version: number) {
      const tx = db.transaction(['commands', 'conflicts'], 'readwrite');
      const commands = await tx.objectStore('commands').index('byAggregate').getAll([uid, aggregateId]);
      await Promise.all(
        commands.map((command, i) => tx.objectStore('commands').put({ ...command, expectedVersion: version + i })),
      );
      await tx.objectStore('conflicts').delete([uid, aggregateId]);
      await tx.done;
    },
    conflict: (uid: string, aggregateId: string) => db.get('conflicts', [uid, aggregateId]),
    block: (conflict: Conflict) => db.put('conflicts', conflict),
  };
}

export type CommandQueue = Awaited<ReturnType<typeof openCommandQueue>>;
