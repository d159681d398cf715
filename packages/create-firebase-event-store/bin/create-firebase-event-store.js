#!/usr/bin/env node
// The scaffold's command line (src/cli.ts), built into dist/.
import '../dist/cli.js';
