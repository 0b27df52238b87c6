// `ferry validate` through the built CLI (so the worker thread runs): exit codes, --json shape, --all, grouped output.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatLine, chatLines, streamTemp, tempDir, writeTemp } from '../core/validate/helpers'

const ROOT = join(import.meta.dirname, '../..')
const CLI = join(ROOT, 'out/cli/ferry.mjs')
const CORPUS = join(ROOT, '../shared/corpus')

function ferry(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'validate', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  // Build once if the bundle (and its worker) is missing or stale in a fresh checkout.
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'out/cli/validate-worker.mjs'))) {
    const b = spawnSync('npm', ['run', '-s', 'build:cli'], { cwd: ROOT, encoding: 'utf8' })
    if (b.status !== 0) throw new Error(`build:cli failed: ${b.stderr}`)
  }
  ;({ dir, cleanup } = await tempDir())
})
afterAll(() => cleanup())

describe('ferry validate', () => {
  it('exits 0 for a valid file and 1 for an invalid one', async () => {
    expect(ferry(join(CORPUS, 'ft_chat_valid_basic.jsonl')).code).toBe(0)
    expect(ferry(join(CORPUS, 'ft_chat_weight_on_user.jsonl')).code).toBe(0)
    expect(ferry(join(CORPUS, 'ft_chat_invalid_weight.jsonl')).code).toBe(1)
  })

  it('exits 2 for a bad option, an unknown profile or a missing file', () => {
    expect(ferry('--profile', 'nope', join(CORPUS, 'ft_chat_valid_basic.jsonl')).code).toBe(2)
    expect(ferry('--purpose', 'training', join(CORPUS, 'ft_chat_valid_basic.jsonl')).code).toBe(2)
    expect(ferry('--bogus', join(CORPUS, 'ft_chat_valid_basic.jsonl')).code).toBe(2)
    expect(ferry(join(dir, 'does-not-exist.jsonl')).code).toBe(2)
    expect(ferry().code).toBe(2)
  })

  it('prints one JSON object per file per line with --json', () => {
    const r = ferry('--json', '--purpose', 'batch', join(CORPUS, 'batch_duplicate_custom_id.jsonl'), join(CORPUS, 'batch_valid_responses.jsonl'))
    expect(r.code).toBe(1)
    interface JsonReport {
      valid: boolean
      errors: { line: number | null; code: string; message: unknown; hint: unknown }[]
      detected: Record<string, unknown>
    }
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as JsonReport)
    expect(lines).toHaveLength(2)
    const [bad, good] = lines as [JsonReport, JsonReport]
    expect(Object.keys(bad)).toEqual(expect.arrayContaining(['file', 'valid', 'errors', 'warnings', 'detected', 'stats']))
    expect(bad.valid).toBe(false)
    expect(bad.errors[0]).toMatchObject({ line: 4, code: 'E_DUPLICATE_CUSTOM_ID' })
    expect(typeof bad.errors[0]?.message).toBe('string')
    expect(typeof bad.errors[0]?.hint).toBe('string')
    expect(bad.detected).toMatchObject({ purpose: 'batch' })
    expect(good.valid).toBe(true)
  })

  it('uses line null for file-level findings', () => {
    const r = ferry('--json', join(CORPUS, 'ft_chat_too_few_examples.jsonl'))
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ line: null, code: 'E_TOO_FEW_EXAMPLES' })])
  })

  it('caps findings per code in JSON and lifts the cap with --all', async () => {
    const path = await streamTemp(dir, 'many.jsonl', 1500, (i) => `{"messages":[{"role":"user","content":"q${i}"}]}\n`)
    const capped = JSON.parse(ferry('--json', path).stdout)
    expect(capped.errors.length).toBeLessThan(1500)
    expect(capped.counts).toContainEqual(expect.objectContaining({ code: 'E_NO_ASSISTANT_MESSAGE', total: 1500 }))
    const all = JSON.parse(ferry('--json', '--all', path).stdout)
    expect(all.errors).toHaveLength(1500)
  })

  it('groups human output by code with line numbers and the hint', async () => {
    const lines = chatLines(10)
    lines[2] = chatLine(2).replace('"role":"assistant"', '"role":"bot"')
    lines[5] = chatLine(5).replace('"role":"assistant"', '"role":"bot"')
    const r = ferry(await writeTemp(dir, 'roles.jsonl', lines.join('\n')))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('E_UNKNOWN_ROLE (2)')
    expect(r.stdout).toMatch(/line 3: Unknown role "bot"/)
    expect(r.stdout).toMatch(/line 6: Unknown role "bot"/)
    expect(r.stdout).toMatch(/hint: Rename the role/)
  })

  it('detects the purpose with --purpose auto and applies --method', () => {
    const r = JSON.parse(ferry('--json', '--purpose', 'auto', join(CORPUS, 'evals_valid.jsonl')).stdout)
    expect(r.detected.purpose).toBe('evals')
    const m = ferry('--json', '--method', 'dpo', join(CORPUS, 'ft_chat_valid_basic.jsonl'))
    expect(m.code).toBe(1)
    expect(JSON.parse(m.stdout).errors[0].code).toBe('E_METHOD_FORMAT_MISMATCH')
  })

  it('keeps memory bounded on a file with one 100 MB line', async () => {
    const mb = 1024 * 1024
    const path = await streamTemp(dir, 'one-line.jsonl', 102, (i) => (i === 0 ? '{"messages":[{"role":"user","content":"' : i === 101 ? '"}]}\n' : 'z'.repeat(mb)))
    // A 96 MB heap cannot hold a 100 MB line as a string: passing shows the line was never held.
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', CLI, 'validate', '--json', path], { encoding: 'utf8' })
    const report = JSON.parse(r.stdout)
    expect(report.warnings).toEqual([
      expect.objectContaining({ line: 1, code: 'W_LINE_TOO_LONG' }),
      // Not read, but at least bytes ÷ 4 tokens (§4.12's estimate): over the training limit too.
      expect.objectContaining({ line: 1, code: 'W_EXAMPLE_TOO_LONG', params: expect.objectContaining({ n: Math.ceil((39 + 100 * mb + 4) / 4) }) })
    ])
  })
})
