/** The repository's Emulator Suite, as npm start, the tests and the benchmarks run it. */
export { startEmulatorSuite, type EmulatorSuite } from '../../../scripts/lib/repository-suite.js';
