// Benchmarks `ferry validate` (the built bundle) against a bare split-and-JSON.parse loop and jq, with peak RSS.
// Size: FERRY_BENCH_VALIDATE_MB (default 1024) per generated file, except the {} and Alpaca shapes (10 and 5 million lines,
// as issue 9 measured them); FERRY_BENCH_VALIDATE_ONLY=short runs the shapes whose name contains "short". Run
// `npm run build:cli` first.
// The batch file is deliberately over OpenAI's batch limits at this size, so it reports E_FILE_TOO_LARGE and
// E_BATCH_TOO_MANY_REQUESTS (file-level); every line is still checked.
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out/cli/ferry.mjs')
const mb = Number(process.env.FERRY_BENCH_VALIDATE_MB ?? 1024)
const node = process.execPath
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null
const hasJq = spawnSync('jq', ['--version']).status === 0

if (!existsSync(cli)) {
  console.error('out/cli/ferry.mjs is missing: run npm run build:cli first')
  process.exit(2)
}

const WORDS = 'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part über café naïve 東京 данные'.split(' ')

function sentence(seed, n) {
  let s = ''
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + WORDS[(seed * 31 + i * 17 + ((seed >> 3) ^ i)) % WORDS.length]
  return s
}

function chatLine(i) {
  return JSON.stringify({
    messages: [
      { role: 'system', content: 'You are a helpful assistant that answers briefly and accurately.' },
      { role: 'user', content: `Question ${i}: ${sentence(i, 25 + (i % 40))}?` },
      { role: 'assistant', content: `${sentence(i + 7, 60 + (i % 90))}.` }
    ]
  })
}

/** ~90-byte examples: ten times the lines per GiB, the worst case for per-line state (duplicate detection). */
function shortChatLine(i) {
  return JSON.stringify({ messages: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `a${i}` }] })
}

/** Lines that match no format (item 8 of issue 9): nothing may be kept per line while the file's format is unknown. */
const emptyObjectLine = () => '{}'

function alpacaLine(i) {
  return JSON.stringify({ instruction: `Translate sentence ${i} into French.`, output: `${sentence(i, 12)}.` })
}

/** One example nested 100,000 levels deep, then ordinary ones (the chat shape): no walk may recurse as deep as the file says. */
function deepLine(i) {
  if (i === 0) return `{"messages":[{"role":"user","content":"hi"}],"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`
  return chatLine(i)
}

function batchLine(i) {
  return JSON.stringify({
    custom_id: `request-${i}`,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: `Summarize: ${sentence(i, 80 + (i % 100))}` }
      ],
      max_tokens: 200
    }
  })
}

/** Writes lines until `bytes`, or until `lines` lines when given. */
async function generate(path, bytes, makeLine, lines = Infinity) {
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 })
  let written = 0
  let i = 0
  while (written < bytes && i < lines) {
    const batch = []
    for (let k = 0; k < 2000; k++) batch.push(makeLine(i++))
    const chunk = batch.join('\n') + '\n'
    written += Buffer.byteLength(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return { lines: i, bytes: written }
}

async function generateOneLine(path, bytes) {
  const out = createWriteStream(path)
  out.write('{"messages":[{"role":"user","content":"')
  const piece = 'x'.repeat(1024 * 1024)
  for (let n = 0; n < bytes; n += piece.length) if (!out.write(piece)) await once(out, 'drain')
  out.write('"}]}\n')
  out.end()
  await once(out, 'finish')
}

// The reference: read, split on LF, JSON.parse every line — nothing else.
const BARE = `
import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
const dec = new StringDecoder('utf8')
let rest = '', n = 0
for await (const chunk of createReadStream(process.argv[1], { highWaterMark: 1 << 20 })) {
  const text = rest + dec.write(chunk)
  let start = 0, p
  while ((p = text.indexOf('\\n', start)) !== -1) { if (p > start) { JSON.parse(text.slice(start, p)); n++ } start = p + 1 }
  rest = text.slice(start)
}
if (rest) { JSON.parse(rest); n++ }
console.log(n)
`

/** Runs a command; returns wall seconds and peak RSS in MB (from /usr/bin/time -v when present). */
function measure(cmd, args) {
  const started = performance.now()
  const r = timeBin ? spawnSync(timeBin, ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }) : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 })
  const seconds = (performance.now() - started) / 1000
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

const fmt = (x) => (x === null ? 'n/a' : x.toFixed(2))

const dir = await mkdtemp(join(tmpdir(), 'ferry-bench-validate-'))
try {
  const files = [
    { name: 'chat fine-tune', path: join(dir, 'chat.jsonl'), make: chatLine, purpose: 'fine-tune' },
    { name: 'batch', path: join(dir, 'batch.jsonl'), make: batchLine, purpose: 'batch' },
    { name: 'short chat lines', path: join(dir, 'short.jsonl'), make: shortChatLine, purpose: 'fine-tune', jq: false },
    { name: '{} lines', path: join(dir, 'empty.jsonl'), make: emptyObjectLine, purpose: 'fine-tune', lines: 10_000_000, jq: false },
    { name: 'Alpaca lines', path: join(dir, 'alpaca.jsonl'), make: alpacaLine, purpose: 'fine-tune', lines: 5_000_000, jq: false },
    { name: 'one line 100,000 levels deep', path: join(dir, 'deep.jsonl'), make: deepLine, purpose: 'fine-tune', jq: false }
  ]
  console.log(`ferry validate benchmark: ${mb} MB per file, node ${process.version}, ${timeBin ? '/usr/bin/time -v' : 'no /usr/bin/time (RSS n/a)'}`)
  const only = process.env.FERRY_BENCH_VALIDATE_ONLY
  for (const f of files.filter((x) => !only || x.name.includes(only))) {
    const g = await generate(f.path, mb * 1024 * 1024, f.make, f.lines)
    // Warm the page cache so every run reads from memory alike.
    spawnSync('sh', ['-c', `cat "${f.path}" >/dev/null`])
    const bare = measure(node, ['--input-type=module', '-e', BARE, f.path])
    const ferry = measure(node, [cli, 'validate', f.path, '--json', '--purpose', f.purpose])
    const jq = hasJq && f.jq !== false ? measure('sh', ['-c', `jq -c . "${f.path}" >/dev/null`]) : null
    let verdict = 'n/a'
    try {
      const rep = JSON.parse(ferry.stdout.trim().split('\n').pop())
      verdict = `valid=${rep.valid} errors=${rep.errors.length} warnings=${rep.warnings.length} tokens=${rep.stats.tokens?.method} ${rep.counts.slice(0, 2).map((c) => `${c.code}×${c.total}`).join(' ')}`
    } catch {
      verdict = `unparsable output (exit ${ferry.status}) ${ferry.stderr.split('\tCommand being timed')[0].slice(-300)}`
    }
    console.log(`\n${f.name}: ${g.lines.toLocaleString('en-US')} lines, ${(g.bytes / 1024 / 1024).toFixed(0)} MB — ${verdict}`)
    console.log(`  bare loop       ${fmt(bare.seconds)} s  rss ${fmt(bare.rssMb)} MB`)
    console.log(`  ferry validate  ${fmt(ferry.seconds)} s  rss ${fmt(ferry.rssMb)} MB  ratio ${(ferry.seconds / bare.seconds).toFixed(2)}x`)
    if (jq) console.log(`  jq -c .         ${fmt(jq.seconds)} s  rss ${fmt(jq.rssMb)} MB  ratio ${(jq.seconds / bare.seconds).toFixed(2)}x`)
    await rm(f.path, { force: true })
  }
  const one = join(dir, 'one-line.jsonl')
  await generateOneLine(one, 100 * 1024 * 1024)
  const r = measure(node, [cli, 'validate', one, '--json'])
  const codes = (() => {
    try {
      return JSON.parse(r.stdout).warnings.map((w) => w.code).join(',')
    } catch {
      return `exit ${r.status}`
    }
  })()
  console.log(`\none 100 MB line: ${fmt(r.seconds)} s  rss ${fmt(r.rssMb)} MB  findings ${codes}`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
