/** One step of the work, with how long it took. */
export interface TraceEntry {
  readonly step: string;
  readonly ms: number;
  readonly [attribute: string]: unknown;
}

/** Receives every traced step. Leave it out and tracing costs one branch per step. */
export type Tracer = (entry: TraceEntry) => void;

/** Runs `work` and, only when a tracer is set, reports the step with its duration. */
export async function traced<T>(
  tracer: Tracer | undefined,
  step: string,
  attributes: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracer) return work();
  const start = performance.now();
  try {
    return await work();
  } finally {
    tracer({ ...attributes, step, ms: performance.now() - start });
  }
}
