// `npm test`: typecheck, lint, build the CLI the tests spawn, run every suite, and end with the
// one line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { readFileSync, mkdirSync, readdirSync, statSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1
const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['build:cli', 'npm', ['run', '-s', 'build:cli']]
]
// The end-to-end suite serves the built interface: build it when out/renderer is missing or older than its sources.
const newest = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs), 0)
const built = 'out/renderer/index.html'
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest('src/renderer'), newest('src/shared'))) {
  steps.push(['build:renderer', 'npx', ['electron-vite', 'build']])
}
let failedSteps = 0
for (const [name, cmd, args] of steps) {
  const status = run(cmd, args)
  console.log(`${name}: ${status === 0 ? 'ok' : 'FAILED'}`)
  if (status !== 0) failedSteps++
}
mkdirSync('test-results', { recursive: true })
const report = 'test-results/vitest.json'
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...process.argv.slice(2)])
let passed = 0
let skipped = 0
let failed = failedSteps
try {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed += r.numPassedTests
  skipped += r.numPendingTests + r.numTodoTests
  failed += r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0)
} catch {
  failed += 1
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 ? 0 : 1)
