// `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

let failed = 0
for (const script of ['bench/upload.mjs', 'bench/validate.mjs']) {
  if (!existsSync(script)) continue
  console.log(`\n== ${script}`)
  failed += spawnSync(process.execPath, [script], { stdio: 'inherit' }).status === 0 ? 0 : 1
}
process.exit(failed ? 1 : 0)
