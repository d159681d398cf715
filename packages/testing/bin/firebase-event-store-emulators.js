#!/usr/bin/env node
// The Emulator Suite harness's command line (src/emulator/emulators-cli.ts), built into dist/.
import '../dist/emulator/emulators-cli.js';
