/**
 * `npm run bench -- tracing`: what the kernel's OpenTelemetry spans cost a warm command, side by
 * side in one run, in rounds of commands in alternating order (ABC CBA):
 * - before: the kernel of the commit before tracing (BENCH_BEFORE_REF, default 4036f9e), built
 *   apart (before-kernel.ts), with the same Firestore store;
 * - off: this kernel with the API alone (no SDK registered: every span is the API's no-op);
 * - on: this kernel with the SDK registered as an application would (BasicTracerProvider, a
 *   BatchSpanProcessor into an exporter that drops the spans, the AsyncLocalStorage context
 *   manager), switched on for its rounds only.
 * Each a cached handler (no read: one commit per command) on an aggregate of its own, passing
 * the previous version. On the Firestore emulator and in memory (the kernel's work alone).
 * Measures: p50 of each command's time, and CPU per command (process.cpuUsage over its rounds).
 */
import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Firestore } from 'firebase-admin/firestore';
import * as kernel from '@firebase-event-store/kernel';
import type { CommandHandler, EventStore } from '@firebase-event-store/kernel';
import { createFirestoreEventStore } from '@firebase-event-store/firestore';
import { actorOf, Counter } from '@firebase-event-store/testing';
import { TEST_PROJECT } from '@firebase-event-store/testing/emulator';
import { kernelAt } from './before-kernel.js';
import { median, now, pairedRatio, type Row } from './stats.js';

const BEFORE_REF = process.env.BENCH_BEFORE_REF ?? '4036f9e';
/** Rounds on the emulator: more narrow the paired interval (each round is about 0.3 s a variant). */
const EMULATOR_ROUNDS = Number(process.env.BENCH_TRACING_ROUNDS ?? 30);

/** Exports nothing: the SDK's work (spans recorded, batched, handed over) is all that is measured. */
const dropping: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

function sdk() {
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropping)] });
  const contextManager = new AsyncLocalStorageContextManager();
  return {
    on() {
      context.setGlobalContextManager(contextManager.enable());
      trace.setGlobalTracerProvider(provider);
    },
    off() {
      trace.disable();
      context.disable();
    },
    shutdown: () => provider.shutdown(),
  };
}

type Kernel = typeof kernel;
type Variant = 'before' | 'off' | 'on';

interface Samples {
  readonly ms: number[];
  /** CPU microseconds per command, one figure per round. */
  readonly cpu: number[];
}

async function measure(
  store: () => EventStore,
  kernels: Partial<Record<Variant, Kernel>>,
  rounds: number,
  perRound: number,
  log: (line: string) => void,
): Promise<Partial<Record<Variant, Samples>>> {
  const tracing = sdk();
  const actor = actorOf(`tracing-${randomUUID().slice(0, 8)}`);
  const variants = Object.keys(kernels) as Variant[];
  const runners = new Map<Variant, () => Promise<unknown>>();
  for (const variant of variants) {
    const { createAggregateRegistry, createCommandHandler, createSnapshotCache } = kernels[variant]!;
    const handler: CommandHandler = createCommandHandler({
      store: store(),
      registry: createAggregateRegistry([Counter]),
      newId: randomUUID,
      cache: createSnapshotCache(),
    });
    const aggregateId = `${variant}-${randomUUID()}`;
    let version = (await handler.command(actor, 'Increment', { aggregateId, by: 1 })).version;
    runners.set(variant, async () => {
      version = (await handler.command(actor, 'Increment', { aggregateId, by: 1, expectedVersion: version })).version;
    });
  }
  const samples = Object.fromEntries(variants.map((variant) => [variant, { ms: [] as number[], cpu: [] as number[] }]));
  try {
    for (let round = -2; round < rounds; round++) {
      // The first two rounds warm every variant up, and are not kept.
      for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
        if (variant === 'on') tracing.on();
        const run = runners.get(variant)!;
        const ms: number[] = [];
        const cpu = process.cpuUsage();
        for (let i = 0; i < perRound; i++) {
          const start = now();
          await run();
          ms.push(now() - start);
        }
        const used = process.cpuUsage(cpu);
        if (variant === 'on') tracing.off();
        if (round < 0) continue;
        samples[variant]!.ms.push(...ms);
        samples[variant]!.cpu.push((used.user + used.system) / perRound);
      }
      if (round >= 0 && round % 5 === 4) log(`tracing: round ${round + 1} of ${rounds}`);
    }
  } finally {
    tracing.off();
    await tracing.shutdown();
  }
  return samples;
}

export async function tracingBench(db: Firestore, log: (line: string) => void): Promise<Row[]> {
  log(`tracing: building the kernel of ${BEFORE_REF} (the code before tracing)...`);
  const before = await kernelAt(BEFORE_REF);
  if (!before) log(`tracing: git has no ${BEFORE_REF}: the rows against the code before are left out`);
  const rows: Row[] = [];
  const where = [
    [
      'Firestore emulator',
      () => createFirestoreEventStore(db, { projectId: TEST_PROJECT }),
      EMULATOR_ROUNDS,
      100,
      'ms',
    ],
    ['in memory', () => kernel.createInMemoryEventStore(), 30, 2000, 'µs'],
  ] as const;
  // Before vs off first, while no SDK was ever registered in this process: a deployment runs
  // with tracing on or off, never both, and code that has run with the SDK has call sites that
  // saw both kinds of span.
  const passes = [...(before ? [{ before, off: kernel }] : []), { off: kernel, on: kernel }] as Partial<
    Record<Variant, Kernel>
  >[];
  for (const kernels of passes) {
    for (const [place, store, rounds, perRound, unit] of where) {
      const scale = unit === 'µs' ? 1000 : 1; // a command in memory takes tens of microseconds
      const variants = Object.keys(kernels).join(', ');
      log(`tracing: ${rounds} rounds x ${perRound} warm commands of each of ${variants}, ${place}...`);
      const samples = await measure(store, kernels, rounds, perRound, log);
      const p50 = (variant: Variant) => median(samples[variant]!.ms) * scale;
      const cpu = (variant: Variant) => (median(samples[variant]!.cpu) / 1000) * scale;
      const scenario = (what: string) => `${what}, ${place} (${rounds} x ${perRound} each, interleaved)`;
      const [what, ours, floor, target] = samples.before
        ? ([
            `warm command, tracing off (API only) vs the kernel before tracing (${BEFORE_REF})`,
            'off',
            'before',
            { max: 1.03 },
          ] as const)
        : ([
            'warm command, SDK on (BasicTracerProvider, BatchSpanProcessor, spans dropped) vs tracing off',
            'on',
            'off',
            undefined,
          ] as const);
      const paired = pairedRatio(samples[ours]!.cpu, samples[floor]!.cpu);
      const pairedNote =
        `per round: median ${paired.median.toFixed(3)}x, ` +
        `95 % interval ${paired.low.toFixed(3)}-${paired.high.toFixed(3)}x`;
      rows.push(
        {
          scenario: scenario(what),
          measure: 'p50',
          ours: p50(ours),
          floor: p50(floor),
          unit,
          ...(target && { target }),
        },
        {
          scenario: '',
          measure: 'CPU/command',
          ours: cpu(ours),
          floor: cpu(floor),
          unit,
          ...(target && { target }),
          note: pairedNote,
        },
      );
    }
  }
  return rows;
}
