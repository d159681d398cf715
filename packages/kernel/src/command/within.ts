/**
 * `work`'s outcome, or after `milliseconds` the error `timedOut()` makes. Hand-written rather
 * than p-timeout: p-timeout 7.0.1 builds a TimeoutError, a stack capture, on every call (and we
 * passed it an AppError built up front, another), on every store call of every command.
 * Measured on 3,000 warm commands through the HTTP API over the in-memory store (client and
 * server in one process, under tsx): `node --cpu-prof` put the two at 5.1 % of the CPU, and
 * process CPU per request went from 680-713 us to 515-526 us without them. Here the error is
 * made only on a timeout.
 */
export function within<T>(work: Promise<T>, milliseconds: number, timedOut: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), milliseconds);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
