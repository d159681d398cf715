/** What a record holds under a name, own properties only (an event named `constructor` is no one's). */
export const handlerOf = <F>(handlers: Readonly<Record<string, F>>, name: string): F | undefined =>
  Object.hasOwn(handlers, name) ? handlers[name] : undefined;
