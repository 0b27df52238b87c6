// `ferry validate` (the built CLI, so its worker threads run) on files that once broke it or crawled (issue 9): a line
// nested 100,000 levels deep, millions of lines that match no format under a small heap, and a folder of small files
// checked by a couple of reused workers instead of one started per file.
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers'
import { chatLines, streamTemp } from '../core/validate/helpers'
import { CLI, ensureBuilt } from './cli-helpers'

interface JsonReport {
  file: string
  valid: boolean
  errors: { line: number | null; code: string }[]
  counts: { code: string; total: number }[]
}

/** Runs `ferry validate --json …` with extra node flags; the reports, one per line. */
function validate(args: string[], nodeFlags: string[] = []): { code: number | null; reports: JsonReport[]; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeFlags, CLI, 'validate', '--json', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const reports = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonReport)
  return { code: r.status, reports, stderr: r.stderr }
}

const total = (r: JsonReport | undefined, code: string): number | undefined => r?.counts.find((c) => c.code === code)?.total

beforeAll(() => ensureBuilt())

describe('ferry validate on hostile files', () => {
  it('reports a line nested 100,000 levels deep (fine-tune and batch) as a finding, not a crash', async () => {
    const dir = await tempDir()
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`
    const ft = join(dir, 'deep.jsonl')
    await writeFile(ft, [...chatLines(10), `{"messages":[{"role":"user","content":"hi"}],"x":${deep}}`].join('\n') + '\n')
    const batch = join(dir, 'deep-batch.jsonl')
    const request = (id: string, extra = ''): string =>
      `{"custom_id":"${id}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]${extra}}}`
    await writeFile(batch, `${request('r1')}\n${request('r2', `,"x":${deep}`)}\n`)
    const r = validate([ft, batch])
    expect(r.stderr).not.toContain('Something unexpected')
    expect(r.code).toBe(1)
    expect(r.reports.map((x) => x.errors.map((e) => `${e.line}:${e.code}`))).toEqual([['11:E_NESTING_TOO_DEEP'], ['2:E_NESTING_TOO_DEEP']])
  })

  it('checks millions of lines that match no format in a heap of 48 MB: nothing is kept per line', async () => {
    const dir = await tempDir()
    const empty = await streamTemp(dir, 'empty.jsonl', 2000, () => '{}\n'.repeat(1000))
    const alpaca = await streamTemp(dir, 'alpaca.jsonl', 1000, (i) => `{"instruction":"q${i}","output":"a"}\n`.repeat(1000))
    const r = validate([empty, alpaca], ['--max-old-space-size=48'])
    expect(r.stderr).toBe('')
    const [e, a] = r.reports
    expect(total(e, 'E_UNKNOWN_FORMAT')).toBe(2_000_000)
    expect(e?.errors).toHaveLength(100)
    expect(total(a, 'E_UNKNOWN_FORMAT')).toBe(1_000_000)
    expect(a?.errors[0]).toMatchObject({ line: 1, code: 'E_UNKNOWN_FORMAT', message: expect.stringContaining('Alpaca') })
  })
})

describe('ferry validate on many small files', () => {
  async function smallFiles(): Promise<{ dir: string; data: string; files: string[] }> {
    const dir = await tempDir()
    const data = join(dir, 'data')
    await mkdir(join(data, 'more'), { recursive: true })
    const files: string[] = []
    for (let i = 0; i < 40; i++) {
      files.push(join(data, `f${String(i).padStart(2, '0')}.jsonl`))
      await writeFile(files[i] as string, chatLines(12, i * 12).join('\n') + '\n')
    }
    files.push(join(data, 'more', 'g.jsonl'))
    await writeFile(files[40] as string, chatLines(12).join('\n') + '\n')
    await writeFile(join(data, 'notes.txt'), 'not a dataset\n')
    return { dir, data, files }
  }

  it('checks them with a couple of reused workers, not one started per file', async () => {
    const { dir, files } = await smallFiles()
    // Counts the worker threads the CLI starts, and says so as it exits.
    const counter = join(dir, 'count-workers.mjs')
    await writeFile(
      counter,
      `import { createRequire, syncBuiltinESMExports } from 'node:module'
const threads = createRequire(import.meta.url)('node:worker_threads')
const Real = threads.Worker
let started = 0
threads.Worker = class extends Real { constructor(...args) { super(...args); started++ } }
syncBuiltinESMExports()
process.on('exit', () => process.stderr.write('workers started: ' + started + '\\n'))
`
    )
    const r = validate(files, ['--import', counter])
    expect(r.code).toBe(0)
    expect(r.reports.map((x) => x.file)).toEqual(files)
    const started = Number(/workers started: (\d+)/.exec(r.stderr)?.[1])
    expect(started).toBeGreaterThanOrEqual(1)
    expect(started).toBeLessThanOrEqual(2)
  })

  it('takes a folder as the .jsonl files in it and its subfolders, as the app does', async () => {
    const { data, files } = await smallFiles()
    const r = validate([data])
    expect(r.code).toBe(0)
    expect(r.reports.map((x) => x.file)).toEqual(files)
    expect(r.reports.every((x) => x.valid)).toBe(true)
  })

  it('says a folder without .jsonl files is a usage error', async () => {
    const dir = await tempDir()
    const r = spawnSync(process.execPath, [CLI, 'validate', dir], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`There are no .jsonl files in ${dir}.`)
  })
})
