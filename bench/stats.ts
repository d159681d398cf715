/** Small helpers for benchmarks: timing, percentiles, and the table every run prints. */

export const now = () => performance.now();

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = now();
  await work();
  return now() - start;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 0.5);

export interface Row {
  readonly scenario: string;
  readonly measure: string;
  readonly ours: number;
  readonly floor: number;
  /** `max` when ours/floor must stay at or below it, `min` when at or above it. */
  readonly target?: { readonly max?: number; readonly min?: number };
  readonly unit: string;
  readonly note?: string;
}

const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

export function table(rows: readonly Row[]): string {
  const lines = [
    '| Scenario | Measure | Ours | Floor (same run) | Ratio | Target | Met |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.ours / row.floor;
    const { max, min } = row.target ?? {};
    const target = max !== undefined ? `<= ${max}x` : min !== undefined ? `>= ${min}x` : '';
    const met = max !== undefined ? ratio <= max : min !== undefined ? ratio >= min : undefined;
    lines.push(
      `| ${row.scenario} | ${row.measure} | ${fmt(row.ours)} ${row.unit} | ${fmt(row.floor)} ${row.unit} | ` +
        `${ratio.toFixed(2)}x | ${target} | ${[met === undefined ? '' : met ? 'yes' : '**no**', row.note ?? ''].filter(Boolean).join('; ')} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The median of per-round ratios `ours[i] / floor[i]` (rounds measured side by side, so the
 * machine's drift between rounds cancels out), with a 95 % bootstrap interval of that median:
 * 2,000 resamples of the rounds, drawn by a fixed-seed generator so a run's figures are
 * reproducible from its samples.
 */
export function pairedRatio(ours: readonly number[], floor: readonly number[]) {
  const ratios = ours.map((value, i) => value / floor[i]!);
  let seed = 0x9e3779b9;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const medians = Array.from({ length: 2000 }, () =>
    median(Array.from(ratios, () => ratios[Math.floor(random() * ratios.length)]!)),
  );
  return { median: median(ratios), low: percentile(medians, 0.025), high: percentile(medians, 0.975) };
}
