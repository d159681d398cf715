/**
 * Calls for a key that arrive while one is running join it (with its `arg`), and it then runs
 * once more while `again(arg)` holds: a burst
 * of wake-ups for a tenant costs one extra run in this process, and none is lost.
 */
export function coalesceByKey<A, T>(run: (key: string, arg: A) => Promise<T>, again: (arg: A) => boolean) {
  const running = new Map<string, { again: boolean; result: Promise<T> }>();
  return (key: string, arg: A): Promise<T> => {
    const current = running.get(key);
    if (current) {
      current.again = true;
      return current.result;
    }
    const entry = { again: false, result: undefined as unknown as Promise<T> };
    entry.result = (async () => {
      try {
        let result: T;
        do {
          entry.again = false;
          result = await run(key, arg);
        } while (entry.again && again(arg));
        return result;
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, entry);
    return entry.result;
  };
}
