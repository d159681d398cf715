#!/usr/bin/env node
// The package's command line (src/cli.ts), built into dist/.
import '../dist/cli.js';
