import { z } from 'zod';
import type { AnyAggregate, CommandDefinition, EventOf, EventSchemas } from './aggregate.js';

export interface CommandRoute {
  readonly name: string;
  readonly aggregate: AnyAggregate;
  readonly command: CommandDefinition<unknown, EventOf<EventSchemas>, z.ZodType>;
}

export interface AggregateRegistry {
  /** The command's route, or undefined. A Map lookup: `constructor` or `__proto__` are not commands. */
  command(name: string): CommandRoute | undefined;
  aggregate(type: string): AnyAggregate | undefined;
  readonly aggregates: readonly AnyAggregate[];
  readonly commands: readonly CommandRoute[];
}

/** Object payload schemas are made strict here, so an author cannot forget to reject unknown keys. */
const strict = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodObject ? schema.strict() : schema);

export function createAggregateRegistry(aggregates: readonly AnyAggregate[]): AggregateRegistry {
  const byType = new Map<string, AnyAggregate>();
  const routes = new Map<string, CommandRoute>();
  for (const aggregate of aggregates) {
    if (byType.has(aggregate.type)) throw new TypeError(`Aggregate type ${aggregate.type} registered twice`);
    byType.set(aggregate.type, aggregate);
    for (const [name, command] of Object.entries(aggregate.commands)) {
      const taken = routes.get(name);
      if (taken) throw new TypeError(`Command ${name} is defined by ${taken.aggregate.type} and ${aggregate.type}`);
      routes.set(name, { name, aggregate, command: { ...command, payload: strict(command.payload) } });
    }
  }
  return {
    command: (name) => routes.get(name),
    aggregate: (type) => byType.get(type),
    aggregates: [...byType.values()],
    commands: [...routes.values()],
  };
}
