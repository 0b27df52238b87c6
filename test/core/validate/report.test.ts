// Report behaviour: per-code cap with totals, `all`, detection, injected profiles, token stats, progress and cancellation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPENAI, validateFile, type ValidationProfile } from '../../../src/core/validate'
import { chatLine, chatLines, findings, streamTemp, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

describe('findings cap', () => {
  let path: string
  beforeAll(async () => {
    path = await streamTemp(dir, 'same-error.jsonl', 5000, (i) => `{"messages":[{"role":"user","content":"q${i}"}]}\n`)
  })

  it('lists at most maxPerCode findings per code but counts them all', async () => {
    const r = await validateFile(path, { maxPerCode: 20 })
    expect(r.errors.filter((f) => f.code === 'E_NO_ASSISTANT_MESSAGE')).toHaveLength(20)
    expect(r.counts.find((c) => c.code === 'E_NO_ASSISTANT_MESSAGE')).toMatchObject({ total: 5000, listed: 20 })
    expect(r.truncated).toBe(true)
  })

  it('lists every finding with all', async () => {
    const r = await validateFile(path, { all: true })
    expect(r.errors.filter((f) => f.code === 'E_NO_ASSISTANT_MESSAGE')).toHaveLength(5000)
    expect(r.truncated).toBe(false)
  })
})

describe('detection', () => {
  it('detects purpose, format and method with purpose auto', async () => {
    const batch = `{"custom_id":"a","method":"POST","url":"/v1/embeddings","body":{"model":"m","input":"x"}}\n`
    const r = await validateFile(await writeTemp(dir, 'auto-batch.jsonl', batch))
    expect(r.detected).toMatchObject({ purpose: 'batch', format: 'batch', endpoint: '/v1/embeddings', model: 'm' })
    const dpo = `{"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]}\n`
    const d = await validateFile(await writeTemp(dir, 'auto-dpo.jsonl', dpo.repeat(10)))
    expect(d.detected).toMatchObject({ purpose: 'fine-tune', format: 'preference', method: 'dpo' })
  })

  it('treats a chat file without assistant messages but with reference fields as RFT', async () => {
    const line = (i: number): string => JSON.stringify({ messages: [{ role: 'developer', content: 'Answer.' }, { role: 'user', content: `${i}+1?` }], answer: String(i + 1) })
    const r = await validateFile(await writeTemp(dir, 'rft.jsonl', Array.from({ length: 10 }, (_, i) => line(i)).join('\n')))
    expect(r.detected.method).toBe('reinforcement')
    expect(findings(r)).toEqual({ errors: [], warnings: [] })
  })

  it('gives lines before the first signature the file format’s missing-field error', async () => {
    const r = await validateFile(await writeTemp(dir, 'late-sig.jsonl', ['{"conversations":[]}', ...chatLines(10)].join('\n')))
    expect(findings(r).errors).toEqual(['1:E_MISSING_MESSAGES'])
  })

  it('reports E_UNKNOWN_FORMAT with a hint for a foreign shape', async () => {
    const r = await validateFile(await writeTemp(dir, 'alpaca.jsonl', '{"instruction":"a","output":"b"}\n'.repeat(10)), { purpose: 'fine-tune' })
    expect(r.errors.map((f) => f.code)).toEqual(Array(10).fill('E_UNKNOWN_FORMAT'))
    expect(r.errors[0]?.message).toContain('Alpaca')
  })
})

describe('profiles', () => {
  it('applies an injected profile’s limits', async () => {
    const strict: ValidationProfile = { ...OPENAI, limits: { ...OPENAI.limits, minExamples: 20 } }
    const path = await writeTemp(dir, 'ten.jsonl', chatLines(10).join('\n'))
    expect(findings(await validateFile(path)).errors).toEqual([])
    expect(findings(await validateFile(path, {}, { profile: strict })).errors).toEqual(['file:E_TOO_FEW_EXAMPLES'])
  })

  it('makes too few examples a warning for a validation file', async () => {
    const r = await validateFile(await writeTemp(dir, 'val.jsonl', chatLines(3).join('\n')), { fileRole: 'validation' })
    expect(findings(r)).toEqual({ errors: [], warnings: ['file:E_TOO_FEW_EXAMPLES'] })
  })

  it('rejects weight 1.0 under Together only', async () => {
    const lines = chatLines(10).map((l) => l.replace('"role":"assistant"', '"role":"assistant","weight":1.0'))
    const path = await writeTemp(dir, 'w10.jsonl', lines.join('\n'))
    expect(findings(await validateFile(path, { profile: 'together' })).errors).toHaveLength(10)
    expect(findings(await validateFile(path)).errors).toEqual([])
  })
})

describe('token stats', () => {
  it('counts every example exactly in a small file and estimates billable tokens', async () => {
    const r = await validateFile(await writeTemp(dir, 'tok.jsonl', chatLines(10).join('\n')))
    const t = r.stats.tokens
    expect(t?.method).toBe('exact')
    expect(t?.exactExamples).toBe(10)
    expect(t?.histogram.reduce((n, b) => n + b.count, 0)).toBe(10)
    expect(r.stats.billableTrainingTokens?.perEpoch).toBe(t?.total)
    expect(r.stats.billableTrainingTokens?.epochs).toBe(10)
  })

  it('samples a large file and says so', async () => {
    const path = await streamTemp(dir, 'big.jsonl', 60_000, (i) => chatLine(i) + '\n')
    const r = await validateFile(path, {}, {})
    const t = r.stats.tokens
    expect(t?.method).toBe('sampled')
    expect(t?.exactExamples).toBeLessThan(60_000)
    expect(t?.exactExamples).toBeGreaterThan(0)
    // Lines are near-identical, so the estimate lands close to exact per-line counts.
    expect(Math.abs((t?.total ?? 0) / 60_000 - (t?.min ?? 0))).toBeLessThan(5)
  })
})

describe('progress and cancellation', () => {
  it('reports progress up to the file size', async () => {
    const path = await streamTemp(dir, 'progress.jsonl', 20_000, (i) => chatLine(i) + '\n')
    const seen: number[] = []
    const r = await validateFile(path, { onProgress: (n, total) => seen.push(n / total) }, { chunkBytes: 64 * 1024 })
    expect(seen.length).toBeGreaterThan(3)
    expect(seen.at(-1)).toBe(1)
    expect(r.valid).toBe(true)
  })

  it('stops with validation_cancelled when the signal aborts', async () => {
    const path = await streamTemp(dir, 'cancel.jsonl', 20_000, (i) => chatLine(i) + '\n')
    const controller = new AbortController()
    const run = validateFile(path, { signal: controller.signal, onProgress: () => controller.abort() }, { chunkBytes: 64 * 1024 })
    await expect(run).rejects.toMatchObject({ code: 'validation_cancelled' })
  })
})
