#!/usr/bin/env node
// The `ferry` command: runs the bundle that `npm run build:cli` makes.
import '../out/cli/ferry.mjs'
