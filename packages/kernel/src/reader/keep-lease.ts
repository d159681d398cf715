/**
 * Runs `work` while renewing a lease every `everyMs`, so that leases can be short (a crashed
 * holder's lease frees in seconds) and still outlast long work. A renewal that fails is let go:
 * every write under the lease checks it again, and a lost lease stops the work there.
 */
export async function keepingLease<T>(renew: () => Promise<unknown>, everyMs: number, work: () => Promise<T>) {
  const timer = setInterval(() => void renew().catch(() => undefined), everyMs);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
