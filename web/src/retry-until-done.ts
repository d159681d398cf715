/** Why a start-up step has not happened yet, for the sentence the page shows meanwhile. */
export type Waiting =
  { readonly offline: true } | { readonly offline: false; readonly error: unknown; retryInMs: number };

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 30_000;

/**
 * Runs a start-up step that needs the network until it succeeds: at once, again as soon as the
 * browser is back online, and on a growing timer after a failure, since `navigator.onLine` is
 * true on a network that reaches nothing. Stops trying at `stop()`.
 */
export function retryUntilDone(step: () => Promise<void>, waiting: (why: Waiting) => void) {
  let delay = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let over = false;

  const attempt = async () => {
    clearTimeout(timer);
    if (over || running) return;
    if (!navigator.onLine) return waiting({ offline: true });
    running = true;
    try {
      await step();
      stop();
    } catch (error) {
      if (over) return;
      waiting({ offline: false, error, retryInMs: delay });
      timer = setTimeout(() => void attempt(), delay);
      delay = Math.min(delay * 2, LONGEST_RETRY_MS);
    } finally {
      running = false;
    }
  };
  const onOnline = () => void attempt();
  function stop() {
    over = true;
    clearTimeout(timer);
    window.removeEventListener('online', onOnline);
  }
  window.addEventListener('online', onOnline);
  void attempt();
  return { stop };
}
