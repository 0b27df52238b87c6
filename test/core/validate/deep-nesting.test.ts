// A line nested 100,000 levels deep (issue 9, item 7): JSON.parse reads it, and Ferry's own walks must not recurse as deep
// as the file says. The line gets E_NESTING_TOO_DEEP, in both languages; the rest of the file is checked as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { renderFinding } from '../../../src/shared/locale/validation'
import { chatLines, findings, tempDir, writeTemp } from './helpers'

const DEPTH = 100_000
const deep = (inner: string): string => `${'{"a":'.repeat(DEPTH)}${inner}${'}'.repeat(DEPTH)}`
const deepList = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

describe('a line nested 100,000 levels deep', () => {
  it('is one E_NESTING_TOO_DEEP in a fine-tune file, and the lines after it are still checked', async () => {
    const lines = chatLines(12)
    lines.splice(3, 0, JSON.stringify({ messages: JSON.parse(lines[0] as string).messages }).replace(/}$/, `,"x":${deep('1')}}`))
    lines.push(lines[1] as string)
    const r = await validateFile(await writeTemp(dir, 'deep-ft.jsonl', lines.join('\n') + '\n'))
    expect(findings(r)).toEqual({ errors: ['4:E_NESTING_TOO_DEEP'], warnings: ['14:W_DUPLICATE_EXAMPLE'] })
    expect(r.errors[0]).toMatchObject({ params: { max: 512 }, message: expect.stringContaining('more than 512 levels deep') })
    expect(r.detected).toMatchObject({ purpose: 'fine-tune', format: 'chat' })
  })

  it('is one E_NESTING_TOO_DEEP in a batch file, deep in a request body or in a list', async () => {
    const request = (i: number, extra = ''): string =>
      `{"custom_id":"r${i}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]${extra}}}`
    const path = await writeTemp(dir, 'deep-batch.jsonl', [request(1), request(2, `,"x":${deep('1')}`), request(3, `,"y":${deepList}`), request(4)].join('\n') + '\n')
    const r = await validateFile(path, { purpose: 'batch' })
    expect(findings(r)).toEqual({ errors: ['2:E_NESTING_TOO_DEEP', '3:E_NESTING_TOO_DEEP'], warnings: [] })
  })

  it('is E_NESTING_TOO_DEEP, not a crash, when the deep line is also not valid JSON', async () => {
    const lines = chatLines(10)
    lines.push(`{"messages":${'['.repeat(DEPTH)}`, `{"messages":[${'{"a":'.repeat(DEPTH)}`)
    const r = await validateFile(await writeTemp(dir, 'deep-broken.jsonl', lines.join('\n') + '\n'))
    expect(findings(r).errors).toEqual(['11:E_NESTING_TOO_DEEP', '12:E_NESTING_TOO_DEEP'])
    expect(r.errors[0]?.snippet).toBeDefined()
  })

  it('keeps the line out of the exact token count, so the second pass sees the same examples', async () => {
    const lines = chatLines(10)
    lines.push(`{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yo","x":${deep('1')}}]}`)
    const r = await validateFile(await writeTemp(dir, 'deep-exact.jsonl', lines.join('\n') + '\n'), { tokens: 'exact' })
    expect(findings(r)).toEqual({ errors: ['11:E_NESTING_TOO_DEEP'], warnings: [] })
    expect(r.stats.tokens).toMatchObject({ method: 'exact', exactExamples: 10 })
  })

  it('accepts nesting up to the bound', async () => {
    const lines = chatLines(10)
    // 512 levels in all: the line's object, "x", then 510 more.
    lines.push(JSON.stringify({ ...JSON.parse(lines[0] as string), x: JSON.parse(`${'['.repeat(510)}${']'.repeat(510)}`) }))
    const r = await validateFile(await writeTemp(dir, 'deep-ok.jsonl', lines.join('\n') + '\n'))
    expect(findings(r).errors).not.toContain('11:E_NESTING_TOO_DEEP')
  })

  it('is said in Russian too', () => {
    expect(renderFinding('E_NESTING_TOO_DEEP', { max: 512 }, 'ru')?.message).toContain('глубже 512 уровней')
  })
})
