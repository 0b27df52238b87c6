// Bundles the `ferry` CLI (and the validator's worker, and the browser host) into out/cli with esbuild; dependencies stay in node_modules.
import { build } from 'esbuild'
import { existsSync } from 'node:fs'

const entryPoints = { ferry: 'src/cli/main.ts' }
if (existsSync('src/core/validate/worker.ts')) entryPoints['validate-worker'] = 'src/core/validate/worker.ts'
// The browser host (`npm run web`): the app's handlers over HTTP + SSE.
if (existsSync('src/web/main.ts')) entryPoints.web = 'src/web/main.ts'

await build({
  entryPoints,
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning'
})
