/** The original library ships no types: what the benchmark uses of it. */
declare module '@rotorsoft/event-store' {
  export class Actor {
    constructor(props: { tenant: string; id: string; roles?: string[]; [key: string]: unknown });
  }
  export class Aggregate {
    static get path(): string;
  }
  export class IEventHandler {
    get name(): string;
  }
  export class FirestoreEventStore {
    constructor(firestore: unknown);
  }
  export class CommandHandler {
    constructor(store: FirestoreEventStore, aggregates: (typeof Aggregate)[]);
    command(
      actor: Actor,
      command: string,
      payload: Record<string, unknown>,
    ): Promise<{ aggregate: { _aggregate_version_: number } }>;
  }
  export class StreamReader {
    constructor(store: FirestoreEventStore);
    poll(
      tenant: string,
      thread: string,
      handlers: IEventHandler[],
      options?: { limit?: number; timeout?: number },
    ): Promise<boolean>;
  }
  export const Err: { invalidArgument(name: string): Error };
}
