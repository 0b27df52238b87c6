// Upload benchmark on 127.0.0.1, best of 3 (curl and ferry in turn, each after a sync), as ratios of curl's time in the same run:
//   POST /files (multipart)   curl -F   vs  ferry (a one-request provider)  vs  the official openai SDK's files.create
//   presigned PUT (NetMind)   curl -T   vs  ferry --provider netmind (the test double, bundled on the fly)
//   Uploads API (parts)       ferry --provider sandbox — no curl equivalent; shown against curl's POST /files
// and ferry's peak RSS for a 256 MiB and a 2 GiB file (flat = streaming). Ferry's time runs from "started" to "done", so it
// measures the transfer, not the content check (bench/validate.mjs measures that). Quick look: FERRY_BENCH_UPLOAD_MB=256.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { best, bestOfEach, fmtMB, fmtS, makeFile, measure, MiB } from './lib.mjs'

const SIZE = Number(process.env.FERRY_BENCH_UPLOAD_MB ?? 1536) * MiB
const RSS_SIZES = [256 * MiB, Number(process.env.FERRY_BENCH_RSS_MB ?? 2048) * MiB]
const KEY = 'sk-bench'
const dir = await mkdtemp(join(tmpdir(), 'ferry-bench-'))
const cleanups = [() => rm(dir, { recursive: true, force: true })]

try {
  const sandbox = await startSandboxProcess()
  const netmind = await startNetmindDouble()
  const file = join(dir, 'upload.jsonl')
  await makeFile(file, SIZE)
  console.log(`upload of ${fmtMB(SIZE)}, best of 3`)

  const [curlPost, ferryPost] = await bestOfEach(
    3,
    () => measure('curl', ['-sS', '--fail', '-o', '/dev/null', '-H', `Authorization: Bearer ${KEY}`, '-F', `file=@${file}`, '-F', 'purpose=user_data', `${sandbox}/files`]),
    (i) => ferry(file, `post-${i}`, ['--purpose', 'user_data', '--provider', 'compatible', '--base-url', sandbox])
  )
  const sdk = await best(1, () => measure(process.execPath, ['bench/openai-sdk.mjs', sandbox, KEY, file])).catch((e) => ({ error: e.message }))
  // NetMind takes at most 512 MB per fine-tune file, and Ferry refuses more before sending: the PUT rows use 500 MiB.
  const putFile = join(dir, 'put.jsonl')
  await makeFile(putFile, Math.min(SIZE, 500 * MiB))
  const [curlPut, ferryPut] = await bestOfEach(
    3,
    async () => measure('curl', ['-sS', '--fail', '-o', '/dev/null', '-T', putFile, await presignedPut(netmind)]),
    (i) => ferry(putFile, `put-${i}`, ['--purpose', 'fine-tune', '--force', '--provider', 'netmind', '--base-url', `${netmind.url}/v1`])
  )
  const ferryParts = await best(3, (i) => ferry(file, `parts-${i}`, ['--purpose', 'user_data', '--provider', 'sandbox', '--base-url', sandbox]))

  const row = (name, r, base) =>
    r.error
      ? `  ${name.padEnd(34)} failed: ${r.error.split('\n')[0]}`
      : `  ${name.padEnd(34)} ${fmtS(r.ms).padStart(8)}  ${(r.ms / base.ms).toFixed(2)}× curl  peak RSS ${fmtMB(r.peak)}`
  console.log('POST /files, multipart')
  console.log(row('curl -F', curlPost, curlPost))
  console.log(row('ferry (one request)', ferryPost, curlPost))
  console.log(row('openai SDK files.create', sdk, curlPost))
  console.log(`presigned PUT (NetMind flow), ${fmtMB(Math.min(SIZE, 500 * MiB))}`)
  console.log(row('curl -T', curlPut, curlPut))
  console.log(row('ferry --provider netmind', ferryPut, curlPut))
  console.log('Uploads API: parts in parallel + complete')
  console.log(row('ferry --provider sandbox', ferryParts, curlPost))

  console.log('peak RSS of ferry upload (Uploads API) by file size')
  for (const size of RSS_SIZES) {
    const path = join(dir, `rss-${size}.jsonl`)
    await makeFile(path, size)
    const r = await best(1, () => ferry(path, `rss-${size}`, ['--purpose', 'user_data', '--provider', 'sandbox', '--base-url', sandbox]))
    console.log(`  ${fmtMB(size).padStart(8)}  ${fmtS(r.ms)}  peak RSS ${fmtMB(r.peak)}`)
    await rm(path)
  }
} finally {
  for (const c of cleanups.reverse()) await c()
}

/** `ferry upload --json`, timed from its "started" event (the check passed, the transfer begins) to "done", with peak RSS. */
async function ferry(file, name, args) {
  const r = await measure(process.execPath, ['bin/ferry.mjs', 'upload', file, ...args, '--json'], {
    env: { ...process.env, FERRY_HOME: join(dir, `home-${name}`), FERRY_API_KEY: KEY, FERRY_KEYCHAIN: 'off' },
    stamp: true
  })
  const at = (event) => r.lines.find((l) => l.text.includes(`"event":"${event}"`))?.at
  if (at('done') === undefined) throw new Error(`ferry did not finish: ${r.err.slice(-500)}`)
  return { ...r, ms: at('done') - (at('started') ?? at('queued')) }
}

async function startSandboxProcess() {
  // In its own process, its size limit raised so curl can send the whole file in one POST /files.
  const child = spawn(process.execPath, ['bin/ferry.mjs', 'sandbox', '--port', '0'], {
    env: { ...process.env, FERRY_HOME: join(dir, 'sandbox-home'), FERRY_SANDBOX_LIMITS: JSON.stringify({ maxFileBytes: 8 * 1024 * MiB }) },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  cleanups.push(async () => void child.kill())
  return new Promise((resolve, reject) => {
    let buf = ''
    child.stdout.on('data', (d) => {
      buf += d
      const m = /Ferry sandbox: (\S+)/.exec(buf)
      if (m) resolve(m[1])
    })
    child.on('exit', () => reject(new Error('the sandbox did not start')))
  })
}

async function startNetmindDouble() {
  // The NetMind double is test code (TypeScript): bundle it for this run, then start it here with its limits raised.
  const out = join(dir, 'netmind-double.mjs')
  await build({ entryPoints: ['test/doubles/netmind.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'error' })
  const { startNetmindDouble: start } = await import(pathToFileURL(out).href)
  const double = await start({ dir: join(dir, 'netmind'), limits: { fineTuneBytes: 8 * 1024 * MiB, batchBytes: 8 * 1024 * MiB } })
  cleanups.push(() => double.close())
  return double
}

async function presignedPut(netmind) {
  const res = await fetch(`${netmind.url}/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ file_name: 'curl.jsonl', purpose: 'fine-tune' })
  })
  return (await res.json()).presigned_url
}
