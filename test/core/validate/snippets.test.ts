// Snippets (UI.md §3): the validator cuts ≤ 160 characters around the problem for the findings it lists, and the
// panel's helpers turn them into plain-text pieces with invisibles made visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { cutSnippet, firstBadUtf8 } from '../../../src/core/validate/snippets'
import type { Finding, ValidationReport } from '../../../src/shared/validation'
import { snippetPieces } from '../../../src/renderer/src/lib/validation'
import { chatLine, chatLines, streamTemp, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

const all = (r: ValidationReport): Finding[] => [...r.errors, ...r.warnings, ...r.infos]
const one = (r: ValidationReport, code: string): Finding => {
  const f = all(r).find((x) => x.code === code)
  expect(f, `${code} in ${all(r).map((x) => x.code)}`).toBeDefined()
  return f as Finding
}
const marked = (f: Finding): string => {
  const s = f.snippet
  expect(s, `${f.code} has a snippet`).toBeDefined()
  return s ? s.text.slice(s.start, s.end) : ''
}
const shown = (f: Finding) => snippetPieces(f.snippet ?? { text: '', start: 0, end: 0 })

describe('snippets from the validator', () => {
  it('marks a byte-order mark at 0, and the panel shows it as [BOM]', async () => {
    const path = await writeTemp(dir, 'bom.jsonl', '\uFEFF' + chatLines(12).join('\n') + '\n')
    const f = one(await validateFile(path), 'W_UTF8_BOM')
    expect(f.line).toBe(1)
    expect(f.snippet).toMatchObject({ start: 0, end: 1 })
    expect(f.snippet?.text.startsWith('\uFEFF{"messages"')).toBe(true)
    expect(f.snippet!.text.length).toBeLessThanOrEqual(160)
    const p = shown(f)
    expect(p.before).toBe('')
    expect(p.mark).toBe('[BOM]')
    expect(p.after.startsWith('{"messages"')).toBe(true)
  })

  it('marks the column of a JSON error', async () => {
    const bad = '{"messages":[{"role":"user","content":"Hi"},]}'
    const path = await writeTemp(dir, 'json.jsonl', [...chatLines(11), bad].join('\n') + '\n')
    const f = one(await validateFile(path), 'E_JSON_PARSE')
    expect(f.line).toBe(12)
    expect(f.snippet?.text).toBe(bad)
    expect(f.snippet?.start).toBe((f.params.c as number) - 1)
    expect(marked(f)).toBe(']')
    expect(shown(f)).toEqual({ before: '{"messages":[{"role":"user","content":"Hi"},', mark: ']', after: '}' })
  })

  it('keeps ≤ 160 characters around an error far into a long line', async () => {
    const bad = `{"messages":[{"role":"user","content":"${'x'.repeat(5000)}"} "oops", {"role":"assistant","content":"${'y'.repeat(5000)}"}]}`
    const path = await writeTemp(dir, 'long.jsonl', [...chatLines(11), bad].join('\n') + '\n')
    const f = one(await validateFile(path), 'E_JSON_PARSE')
    expect(f.snippet!.text.length).toBeLessThanOrEqual(160)
    expect(marked(f)).toBe('"')
    expect(f.snippet).toMatchObject({ cutStart: true, cutEnd: true })
    expect(shown(f).before.startsWith('…')).toBe(true)
  })

  it('keeps <b> in data as text', async () => {
    const bad = '{"messages":[{"role":"user","content":"<b>Hi</b>"}], "extra": 1'
    const path = await writeTemp(dir, 'html.jsonl', [...chatLines(11), bad].join('\n') + '\n')
    const f = one(await validateFile(path), 'E_JSON_PARSE')
    const p = shown(f)
    expect(p.before + p.mark + p.after).toContain('"content":"<b>Hi</b>"')
  })

  it('shows bytes that are not UTF-8 as U+FFFD, marked', async () => {
    const head = Buffer.from('{"messages":[{"role":"user","content":"caf')
    const bytes = Buffer.concat([Buffer.from(chatLines(11).join('\n') + '\n'), head, Buffer.from([0xe9]), Buffer.from('"}]}\n')])
    const path = await writeTemp(dir, 'latin1.jsonl', bytes)
    const f = one(await validateFile(path), 'E_INVALID_UTF8')
    expect(f.line).toBe(12)
    expect(marked(f)).toBe('\uFFFD')
    expect(f.snippet?.text).toBe('{"messages":[{"role":"user","content":"caf\uFFFD"}]}')
    expect(shown(f).mark).toBe('\uFFFD')
  })

  it('marks a line separator and the panel shows [LS]', async () => {
    const line = JSON.stringify({ messages: [{ role: 'user', content: 'a\u2028b' }, { role: 'assistant', content: 'c' }] })
    const path = await writeTemp(dir, 'ls.jsonl', [...chatLines(11), line].join('\n') + '\n')
    const f = one(await validateFile(path), 'W_UNICODE_LINE_SEPARATOR')
    expect(marked(f)).toBe('\u2028')
    expect(shown(f).mark).toBe('[LS]')
  })

  it('marks the repeated key of a duplicate field', async () => {
    const line = '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","content":"b"}]}'
    const path = await writeTemp(dir, 'dup.jsonl', [...chatLines(11), line].join('\n') + '\n')
    const f = one(await validateFile(path), 'W_DUPLICATE_JSON_KEY')
    expect(marked(f)).toBe('"content"')
    expect(f.snippet!.start).toBe(line.lastIndexOf('"content"'))
  })

  it('marks a field’s value when the finding is about a field', async () => {
    const lines = Array.from({ length: 3 }, (_, i) => JSON.stringify({ custom_id: `r${i}`, method: 'GET', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } }))
    const path = await writeTemp(dir, 'batch.jsonl', lines.join('\n') + '\n')
    const f = one(await validateFile(path, { purpose: 'batch' }), 'E_BATCH_INVALID_METHOD')
    expect(marked(f)).toBe('"GET"')
  })

  it('falls back to the line’s start when the finding has no position', async () => {
    const line = '{"messages":[{"role":"user","content":"Hi"}]}'
    const path = await writeTemp(dir, 'noreply.jsonl', [...chatLines(11), line].join('\n') + '\n')
    const f = one(await validateFile(path), 'E_NO_ASSISTANT_MESSAGE')
    expect(f.snippet).toEqual({ text: line, start: 0, end: 0 })
    expect(shown(f)).toEqual({ before: '', mark: '', after: line })
  })

  it('builds snippets only for listed findings', async () => {
    const path = await streamTemp(dir, 'many.jsonl', 3000, (i) => `{"messages":[{"role":"user","content":"q${i}"}]}\n`)
    const r = await validateFile(path, { maxPerCode: 20 })
    const listed = r.errors.filter((f) => f.code === 'E_NO_ASSISTANT_MESSAGE')
    expect(listed).toHaveLength(20)
    expect(listed.every((f) => f.snippet?.text === `{"messages":[{"role":"user","content":"q${(f.line as number) - 1}"}]}`)).toBe(true)
  })

  it('gives lines without a format signature (flushed later) their start', async () => {
    const path = await writeTemp(dir, 'pending.jsonl', ['{"conversations":[]}', ...chatLines(11)].join('\n') + '\n')
    const f = one(await validateFile(path), 'E_MISSING_MESSAGES')
    expect(f.line).toBe(1)
    expect(f.snippet).toEqual({ text: '{"conversations":[]}', start: 0, end: 0 })
  })

  it('has no snippet for a file-level finding or a line too long to hold', async () => {
    const path = await writeTemp(dir, 'few.jsonl', chatLine(1) + '\n')
    const r = await validateFile(path)
    expect(all(r).filter((f) => f.line === null).every((f) => f.snippet === undefined)).toBe(true)
    const long = await writeTemp(dir, 'toolong.jsonl', [...chatLines(11), `{"messages":"${'y'.repeat(3000)}"}`].join('\n') + '\n')
    const t = one(await validateFile(long, {}, { maxLineBytes: 1024, chunkBytes: 512 }), 'W_LINE_TOO_LONG')
    expect(t.snippet).toBeUndefined()
  })
})

describe('snippet helpers', () => {
  it('cuts around the span without splitting a surrogate pair', () => {
    const text = '😀'.repeat(200) + 'X' + '😀'.repeat(200)
    const s = cutSnippet(text, 400, 401)
    expect(s.text.length).toBeLessThanOrEqual(160)
    expect(s.text.slice(s.start, s.end)).toBe('X')
    expect(encodeURIComponent(s.text)).toBeTruthy() // throws on a lone surrogate
  })

  it('finds the first byte that is not UTF-8', () => {
    const b = Buffer.concat([Buffer.from('ok ü 😀 '), Buffer.from([0xc3, 0x28]), Buffer.from('x')])
    expect(firstBadUtf8(b, 0, b.length)).toBe(Buffer.byteLength('ok ü 😀 '))
    expect(firstBadUtf8(Buffer.from('fine ü'), 0, 7)).toBe(7)
    expect(firstBadUtf8(Buffer.from([0x61, 0xe2, 0x82]), 0, 3)).toBe(1)
    expect(firstBadUtf8(Buffer.from([0xed, 0xa0, 0x80]), 0, 3)).toBe(0)
  })
})
