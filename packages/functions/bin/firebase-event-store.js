#!/usr/bin/env node
// The package's command line (src/cli/main.ts), built into dist/.
import '../dist/cli/main.js';
