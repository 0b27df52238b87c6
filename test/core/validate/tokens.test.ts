// Exact token counting: the same figures as counting each example with the tokenizer, in memory that does not grow.
import { statSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_LINE_BYTES, OPENAI, validateFile, type ValidationProfile } from '../../../src/core/validate'
import { TokenTally, countText, exampleText } from '../../../src/core/validate/tokens'
import type { DataFormat, ValidationReport } from '../../../src/shared/validation'
import { chatLines, streamTemp, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

/** Tokens of one example counted directly with o200k_base, with the cookbook's framing (4 per message, 3 per example). */
function tokensOf(line: string, format: DataFormat = 'chat'): number {
  const { text, messages } = exampleText(JSON.parse(line) as Record<string, unknown>, format)
  return countTokens(text) + 4 * messages + 3
}

const LIMIT = 40
// A small limit so that every example is a candidate for W_EXAMPLE_TOO_LONG and some are over it.
const SMALL: ValidationProfile = {
  ...OPENAI,
  limits: { ...OPENAI.limits, modelTokenLimits: { ...OPENAI.limits.modelTokenLimits, [OPENAI.limits.defaultModel]: LIMIT } }
}

const chat = (...turns: [string, string][]): string => JSON.stringify({ messages: turns.map(([role, content]) => ({ role, content })) })
const long = chat(['user', 'Summarise the following paragraph, please. '.repeat(12)], ['assistant', 'It asks for a summary, twelve times over.'])

/** Lines of every kind the rule pass sees; `example` marks those it notes for token counting. */
const MIXED: { text: string | Buffer; example: boolean; eol?: string }[] = [
  { text: '\uFEFF' + chat(['user', 'Hi there'], ['assistant', 'Hello!']), example: true },
  { text: chat(['user', 'A CRLF line'], ['assistant', 'Fine.']), example: true, eol: '\r\n' },
  { text: '', example: false },
  { text: '{"messages":[{"role":"user"', example: false },
  { text: Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"bad '), Buffer.from([0xff]), Buffer.from('"},{"role":"assistant","content":"x"}]}')]), example: false },
  { text: '[1,2]', example: false },
  { text: '{"prompt":"a","completion":"b"}', example: false },
  { text: '{"conversations":[]}', example: false },
  { text: long, example: true },
  { text: chat(['user', 'a'.repeat(300)], ['assistant', 'b']), example: true },
  // Over the limit but with an error (no assistant message): its W_EXAMPLE_TOO_LONG is suppressed.
  { text: chat(['user', 'Tell me a long story about a lighthouse keeper and the sea. '.repeat(4)]), example: true },
  { text: chat(['user', 'Übersetze: 東京の天気は? 🌧️'], ['assistant', 'Wie ist das Wetter in Tokio? ☔']), example: true },
  // Longer than the injected line bound: skipped by the rule pass (W_LINE_TOO_LONG), so not an example.
  { text: chat(['user', 'x '.repeat(2500)], ['assistant', 'y']), example: false },
  ...chatLines(12).map((text) => ({ text, example: true }))
]
const READ = { maxLineBytes: 1024, chunkBytes: 256 }

function mixedFile(): Buffer {
  return Buffer.concat(MIXED.map((l, i) => Buffer.concat([Buffer.from(l.text), Buffer.from(i === MIXED.length - 1 ? '' : (l.eol ?? '\n'))])))
}

const tooLong = (r: ValidationReport): string[] => r.warnings.filter((f) => f.code === 'W_EXAMPLE_TOO_LONG').map((f) => `${f.line}:${JSON.stringify(f.params)}`)

describe('exact token counts', () => {
  it('match counting each example with the tokenizer, and the sample path of a small file', async () => {
    const path = await writeTemp(dir, 'mixed.jsonl', mixedFile())
    const exact = await validateFile(path, { purpose: 'fine-tune', tokens: 'exact' }, { profile: SMALL, ...READ })
    expect(exact.warnings.map((f) => f.code)).toContain('W_LINE_TOO_LONG')

    const counted = MIXED.flatMap((l, i) => (l.example ? [{ line: i + 1, tokens: tokensOf(String(l.text).replace(/^\uFEFF/, '')) }] : []))
    const all = counted.map((c) => c.tokens)
    const max = Math.max(...all)
    const t = exact.stats.tokens
    expect(t).toMatchObject({
      method: 'exact',
      exactExamples: counted.length,
      total: all.reduce((a, b) => a + b, 0),
      min: Math.min(...all),
      max,
      maxLine: counted.find((c) => c.tokens === max)?.line,
      limit: LIMIT
    })
    expect(t?.histogram.map((b) => b.count)).toEqual(t?.histogram.map((b) => all.filter((n) => n >= b.min && (b.max === null || n < b.max)).length))
    expect(exact.stats.billableTrainingTokens?.perEpoch).toBe(all.reduce((a, n) => a + Math.min(n, LIMIT), 0))
    // The line over the bound is not read, but bytes ÷ 4 puts it over the limit as well (§4.12's estimate).
    const skipped = MIXED.flatMap((l, i) => (Buffer.byteLength(l.text) > READ.maxLineBytes ? [{ line: i + 1, tokens: Math.ceil(Buffer.byteLength(l.text) / 4) }] : []))
    const over = [...counted.filter((c) => c.tokens > LIMIT && c.line !== 11), ...skipped]
      .sort((a, b) => a.line - b.line)
      .map((c) => `${c.line}:${JSON.stringify({ n: c.tokens, model: OPENAI.limits.defaultModel, limit: LIMIT })}`)
    expect(over.length).toBeGreaterThan(0)
    expect(tooLong(exact)).toEqual(over)

    // Under SAMPLE_BYTES the sample path counts every example too (the per-entry code exact mode used before).
    const sample = await validateFile(path, { purpose: 'fine-tune', tokens: 'sample' }, { profile: SMALL, ...READ })
    expect(exact.stats.tokens).toEqual(sample.stats.tokens)
    expect(exact.stats.billableTrainingTokens).toEqual(sample.stats.billableTrainingTokens)
    expect(exact.warnings).toEqual(sample.warnings)
  })

  it('count batch request bodies the same way as the sample path', async () => {
    const req = (i: number, body: unknown): string => JSON.stringify({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body })
    const lines = Array.from({ length: 30 }, (_, i) =>
      i === 7 ? req(i, 'not an object') : req(i, { model: 'gpt-4o', messages: [{ role: 'user', content: `Question ${i}: ${'why? '.repeat(i)}` }] })
    )
    const path = await writeTemp(dir, 'batch.jsonl', lines.join('\n') + '\n')
    const exact = await validateFile(path, { purpose: 'batch', tokens: 'exact' })
    const sample = await validateFile(path, { purpose: 'batch', tokens: 'sample' })
    expect(exact.stats.tokens?.exactExamples).toBe(29)
    expect(exact.stats.tokens?.total).toBe(lines.filter((_, i) => i !== 7).reduce((a, l) => a + tokensOf(l, 'batch'), 0))
    expect(exact.stats.tokens).toEqual(sample.stats.tokens)
  })
})

describe('exact mode memory', () => {
  const TEMPLATES = [
    chat(['user', 'ping'], ['assistant', 'pong']),
    chat(['system', 'Be brief.'], ['user', 'What is 2+2?'], ['assistant', '4']),
    chat(['user', 'Name a colour.'], ['assistant', 'Blue.']),
    chat(['user', 'Translate "cat" to French.'], ['assistant', 'chat']),
    chat(['user', 'Say hello in Japanese.'], ['assistant', 'こんにちは']),
    chat(['user', 'A longer question that takes a few more tokens to say, on purpose.'], ['assistant', 'A longer answer, too.']),
    chat(['user', 'yes?'], ['assistant', 'no.']),
    chat(['user', 'Count: one two three four five six seven eight nine ten.'], ['assistant', 'Eleven.'])
  ]
  const N = 240_000

  it('keeps nothing per example while noting, and counts them all after', async () => {
    const path = await streamTemp(dir, 'many.jsonl', N, (i) => TEMPLATES[i % TEMPLATES.length] + '\n')
    const sizes = TEMPLATES.map((l) => Buffer.byteLength(l))
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void

    const tally = new TokenTally('exact', statSync(path).size, 65_536)
    gc()
    const before = process.memoryUsage().heapUsed
    let offset = 0
    for (let i = 0; i < N; i++) {
      const bytes = sizes[i % sizes.length] as number
      tally.note(i + 1, offset, bytes, 'chat')
      offset += bytes + 1
    }
    gc()
    // One retained record per example would be ~15 MB here; what stays is a few fixed fields.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2 * 1024 * 1024)

    expect(await tally.finish(path, { maxLineBytes: MAX_LINE_BYTES })).toEqual([])
    const per = TEMPLATES.map((l) => tokensOf(l))
    expect(tally.stats()).toMatchObject({
      method: 'exact',
      exactExamples: N,
      total: per.reduce((a, n) => a + n, 0) * (N / TEMPLATES.length),
      min: Math.min(...per),
      max: Math.max(...per),
      maxLine: per.indexOf(Math.max(...per)) + 1
    })
  })

  it('fails with source_changed ("File changed.") when the second pass sees other examples', async () => {
    const first = await writeTemp(dir, 'first.jsonl', TEMPLATES.join('\n') + '\n')
    const changed = await writeTemp(dir, 'changed.jsonl', TEMPLATES.slice(1).join('\n') + '\n')
    const tally = new TokenTally('exact', statSync(first).size, 65_536)
    let offset = 0
    TEMPLATES.forEach((l, i) => {
      tally.note(i + 1, offset, Buffer.byteLength(l), 'chat')
      offset += Buffer.byteLength(l) + 1
    })
    await expect(tally.finish(changed, { maxLineBytes: MAX_LINE_BYTES })).rejects.toMatchObject({ code: 'source_changed' })
  })
})

describe('long runs without whitespace', () => {
  const spy = () => {
    const lengths: number[] = []
    return { lengths, tok: { countTokens: (t: string) => (lengths.push(t.length), countTokens(t)), setMergeCacheSize: () => undefined } }
  }

  it('counts ordinary text exactly, in one call', () => {
    const text = 'Summarise the following paragraph, please. '.repeat(400)
    const { lengths, tok } = spy()
    expect(countText(tok, text)).toBe(countTokens(text))
    expect(lengths).toEqual([text.length])
  })

  it('counts a run of thousands of letters in small pieces, within 2% of the exact count', () => {
    const run = 'ACGT'.repeat(1500) + 'x'.repeat(3000)
    const text = `Sequence: ${run} ends here.`
    const { lengths, tok } = spy()
    const n = countText(tok, text)
    // The tokenizer never sees more than a piece of the run (its cost grows with the square of what it is given).
    expect(Math.max(...lengths)).toBeLessThanOrEqual(512)
    const exact = countTokens(text)
    expect(Math.abs(n - exact) / exact).toBeLessThan(0.02)
  })

  it('a 2 MB example without a space is checked and counted, not left running for hours', async () => {
    const line = chat(['user', 'x'.repeat(2 * 1024 * 1024)], ['assistant', 'ok'])
    const path = await writeTemp(dir, 'run.jsonl', line + '\n')
    const report = (await validateFile(path, { purpose: 'fine-tune', tokens: 'exact' })) as ValidationReport
    expect(report.warnings.map((w) => w.code)).toContain('W_EXAMPLE_TOO_LONG')
    expect(report.stats.tokens?.max).toBeGreaterThan(200_000)
  })
})
