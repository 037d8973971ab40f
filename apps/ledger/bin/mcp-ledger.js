#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled tree that `npm install` (its `prepare` step) or
// `npm run build` writes to dist/ at the repository root.
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const entry = join(__dirname, '..', '..', '..', 'dist', 'apps', 'ledger', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('mcp-ledger: the CLI is not built yet; run `npm run build` in the repository root.\n');
  process.exit(1);
}
require(entry);
