// Short lines (issue 9, item 9): the UTF-8 check and the decoding are done for a window of lines at once rather than a
// call per line, and the lines read are the same whatever the read size: BOM, CRLF, other scripts, a bad byte, a line
// longer than a window, and a last line without a line break.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { chatLine, findings, streamTemp, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

const short = (i: number): string => JSON.stringify({ messages: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `a${i}` }] })

describe('short lines', () => {
  it('are decoded a window at a time, not one call per line', async () => {
    const path = await streamTemp(dir, 'short.jsonl', 20_000, (i) => short(i) + '\n')
    const toString = vi.spyOn(Buffer.prototype, 'toString')
    try {
      const r = await validateFile(path, { tokens: 'off' })
      expect(r.valid).toBe(true)
      expect(r.stats.examples).toBe(20_000)
      expect(toString.mock.calls.length).toBeLessThan(200)
    } finally {
      toString.mockRestore()
    }
  })

  it('are the same lines whatever the size of a read', async () => {
    const lines = [
      '\uFEFF' + chatLine(1),
      chatLine(2) + '\r',
      JSON.stringify({ messages: [{ role: 'user', content: 'Привет, 東京 über' }, { role: 'assistant', content: 'да' }] }),
      chatLine(4),
      JSON.stringify({ messages: [{ role: 'user', content: 'long' }, { role: 'assistant', content: 'y'.repeat(40_000) }] }),
      '{"messages": [{"role": "user", "content": "caf\xe9"}]}',
      chatLine(7) + '\r',
      JSON.stringify({ messages: [{ role: 'user', content: 'a\u2028b' }, { role: 'assistant', content: 'ok' }] }),
      chatLine(9),
      chatLine(10),
      // The last line has no line break, and a separator character in it.
      JSON.stringify({ messages: [{ role: 'user', content: 'last\u2029' }, { role: 'assistant', content: 'line' }] })
    ]
    const bytes = Buffer.concat(lines.map((l, i) => (i === 5 ? Buffer.from(l, 'latin1') : Buffer.from(l, 'utf8'))).flatMap((b, i) => (i < lines.length - 1 ? [b, Buffer.from('\n')] : [b])))
    const path = await writeTemp(dir, 'mixed.jsonl', bytes)
    const expected = { errors: ['6:E_INVALID_UTF8'], warnings: ['1:W_UTF8_BOM', '8:W_UNICODE_LINE_SEPARATOR', '11:W_UNICODE_LINE_SEPARATOR'] }
    expect(findings(await validateFile(path))).toEqual(expected)
    for (const chunkBytes of [64, 333, 4096]) {
      const r = await validateFile(path, {}, { chunkBytes, maxLineBytes: 64 * 1024 })
      expect(findings(r), `reads of ${chunkBytes} bytes`).toEqual(expected)
      expect(r.stats).toMatchObject({ lines: 11, examples: 11 })
    }
  })
})
