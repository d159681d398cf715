/**
 * `npm run bench`: starts the installed Firestore emulator on a free port, runs every scenario
 * next to its raw floor in the same run, prints a Markdown table, and stops the emulator.
 * Figures go in bench/RESULTS.md with the machine they were measured on.
 */
import { cpus, totalmem } from 'node:os';
import { connectEmulatorFirestore, startFirestoreEmulator } from '@firebase-event-store/testing/emulator';
import { emulatorLoadBench, emulatorLoadSweep } from './emulator-load.bench.js';
import { table } from './stats.js';
import { httpBench } from './http.bench.js';
import { readerBench } from './reader.bench.js';
import { triggerBench } from './trigger.bench.js';
import { contentionBench, storeBench, warmUp } from './store.bench.js';
import { costBench } from './cost.bench.js';
import { upcastBench } from './upcast.bench.js';
import { personalBench } from './personal.bench.js';
import { originalBench } from './original.bench.js';
import { originalCostBench } from './original-cost.bench.js';
import { revocationBench } from './revocation.bench.js';
import { browserBench } from './browser.bench.js';
import { gate } from './gate.bench.js';
import { tracingBench } from './tracing.bench.js';

const log = (line: string) => process.stderr.write(line + '\n');
const emulator = await startFirestoreEmulator();
try {
  const db = connectEmulatorFirestore(emulator.host);
  log('warming the emulator up...');
  await warmUp(db);
  const only = process.argv[2]; // `npm run bench -- http` runs one group; load-sweep runs only when asked
  // `npm run bench -- gate`: CI's quick subset (gate.bench.ts); exit 1 when a ratio is over its threshold.
  if (only === 'gate' && !(await gate(db, emulator.host, log))) process.exitCode = 1;
  const rows = [
    ...(only === undefined || only === 'store' ? await storeBench(db, emulator.host, log) : []),
    ...(only === 'contention' ? await contentionBench(db, log) : []),
    ...(only === undefined || only === 'http' ? await httpBench(db, log) : []),
    ...(only === undefined || only === 'reader' ? await readerBench(db, log) : []),
    ...(only === undefined || only === 'upcast' ? await upcastBench(db, log) : []),
    ...(only === undefined || only === 'personal' ? await personalBench(db, log) : []),
    ...(only === undefined || only === 'tracing' ? await tracingBench(db, log) : []),
    ...(only === undefined || only === 'trigger' ? await triggerBench(log) : []),
    ...(only === undefined || only === 'load' ? await emulatorLoadBench(log) : []),
    ...(only === undefined || only === 'browser' ? await browserBench(log) : []),
    ...(only === 'load-sweep' ? await emulatorLoadSweep(log, process.argv.slice(3).map(Number)) : []),
    ...(only === 'revocation' ? await revocationBench(log) : []),
  ];
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  if (rows.length > 0) {
    console.log(`\nMeasured ${new Date().toISOString()} on ${machine}, Firestore emulator on 127.0.0.1\n`);
    console.log(table(rows));
  }
  // Operation counts do not depend on the machine: a table of their own (`npm run bench -- cost`).
  if (only === undefined || only === 'cost')
    console.log(`\nFirestore operations (counted)\n\n${await costBench(emulator.host, log)}`);
  if (only === undefined || only === 'original')
    console.log(
      `\nSide by side with the original @rotorsoft/event-store 0.3.5\n\n${await originalBench(emulator.host, log)}`,
    );
  if (only === undefined || only === 'original' || only === 'original-cost')
    console.log(`\nFirestore operations, counted, side by side\n\n${await originalCostBench(emulator.host, log)}`);
  await db.terminate();
} finally {
  await emulator.stop();
}
