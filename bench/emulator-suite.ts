/**
 * The repository's Emulator Suite (the testing kit's harness on this deployment). The benchmarks
 * measure what runs there through HTTP and Firestore only: they import none of its code.
 */
export { startEmulatorSuite as startSuite, type EmulatorSuite } from '../scripts/lib/repository-suite.js';
