// Upload benchmark against the sandbox on 127.0.0.1: ferry vs curl (and the official openai SDK as a peer) on the same file,
// best of 3, as ratios of curl's time measured in the same run; and ferry's peak RSS for a 256 MiB and a 2 GiB file.
// Purpose user_data: no content check, so the figures compare the transfer alone (bench/validate.mjs measures the check).
// Sizes can be lowered for a quick look: FERRY_BENCH_UPLOAD_MB=256 npm run bench.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { best, fmtMB, fmtS, makeFile, measure, MiB } from './lib.mjs'

const SIZE = Number(process.env.FERRY_BENCH_UPLOAD_MB ?? 1536) * MiB
const RSS_SIZES = [256 * MiB, Number(process.env.FERRY_BENCH_RSS_MB ?? 2048) * MiB]
const KEY = 'sk-bench'
const dir = await mkdtemp(join(tmpdir(), 'ferry-bench-'))

// The sandbox in its own process, its limits raised so curl can send the whole file in one POST /files.
const sandbox = spawn(process.execPath, ['bin/ferry.mjs', 'sandbox', '--port', '0'], {
  env: { ...process.env, FERRY_HOME: join(dir, 'sandbox-home'), FERRY_SANDBOX_LIMITS: JSON.stringify({ maxFileBytes: 8 * 1024 * MiB }) },
  stdio: ['ignore', 'pipe', 'inherit']
})
const base = await new Promise((resolve, reject) => {
  let buf = ''
  sandbox.stdout.on('data', (d) => {
    buf += d
    const m = /Ferry sandbox: (\S+)/.exec(buf)
    if (m) resolve(m[1])
  })
  sandbox.on('exit', () => reject(new Error('the sandbox did not start')))
})

try {
  const file = join(dir, 'upload.jsonl')
  await makeFile(file, SIZE)
  console.log(`upload of ${fmtMB(SIZE)} to the sandbox at ${base}, best of 3`)

  const curl = await best(3, () =>
    measure('curl', ['-sS', '--fail', '-o', '/dev/null', '-H', `Authorization: Bearer ${KEY}`, '-F', `file=@${file}`, '-F', 'purpose=user_data', `${base}/files`])
  )
  const ferry = await best(3, (i) => ferryUpload(file, join(dir, `home-${i}`)))
  const sdk = await measure(process.execPath, ['bench/openai-sdk.mjs', base, KEY, file]).catch((e) => ({ error: e.message }))

  const row = (name, r) => (r.error ? `  ${name.padEnd(26)} failed: ${r.error.split('\n')[0]}` : `  ${name.padEnd(26)} ${fmtS(r.ms).padStart(8)}  ${(r.ms / curl.ms).toFixed(2)}× curl  peak RSS ${fmtMB(r.peak)}`)
  console.log(row('curl -F (one request)', curl))
  console.log(row('ferry upload (Uploads API)', ferry))
  console.log(row('openai SDK files.create', sdk))

  console.log('peak RSS of ferry upload by file size (flat = streaming)')
  for (const size of RSS_SIZES) {
    const path = join(dir, `rss-${size}.jsonl`)
    await makeFile(path, size)
    const r = await ferryUpload(path, join(dir, `home-rss-${size}`))
    console.log(`  ${fmtMB(size).padStart(8)}  ${fmtS(r.ms)}  peak RSS ${fmtMB(r.peak)}`)
    await rm(path)
  }
} finally {
  sandbox.kill()
  await rm(dir, { recursive: true, force: true })
}

function ferryUpload(file, home) {
  return measure(process.execPath, ['bin/ferry.mjs', 'upload', file, '--purpose', 'user_data', '--provider', 'sandbox', '--base-url', base, '--json'], {
    env: { ...process.env, FERRY_HOME: home, FERRY_API_KEY: KEY, FERRY_KEYCHAIN: 'off' }
  })
}
