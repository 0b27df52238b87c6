// Byte-accurate reading: LF-only splitting, CR/CRLF, BOM, UTF-16, binary, CR-only, blank lines, invalid UTF-8, huge lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { chatLine, chatLines, findings, streamTemp, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

const ten = chatLines(10)

describe('line splitting', () => {
  it('accepts CRLF line endings and counts lines by LF', async () => {
    const r = await validateFile(await writeTemp(dir, 'crlf.jsonl', ten.join('\r\n') + '\r\n'))
    expect(findings(r)).toEqual({ errors: [], warnings: [] })
    expect(r.stats.lines).toBe(10)
    expect(r.infos.map((f) => f.code)).toContain('I_CRLF_LINE_ENDINGS')
  })

  it('treats text after the last LF as a line (no final newline)', async () => {
    const r = await validateFile(await writeTemp(dir, 'nofinal.jsonl', ten.join('\n')))
    expect(r.valid).toBe(true)
    expect(r.stats.examples).toBe(10)
    expect(r.infos.map((f) => f.code)).toContain('I_NO_FINAL_NEWLINE')
  })

  it('reports a truncated last line without a newline on its own line number', async () => {
    const r = await validateFile(await writeTemp(dir, 'cut.jsonl', ten.join('\n') + '\n{"messages":[{"role":"user"'))
    expect(findings(r).errors).toEqual(['11:E_JSON_PARSE'])
  })

  it('does not split on U+2028 and warns about it', async () => {
    const lines = chatLines(10)
    lines[3] = chatLine(3).replace('Answer', 'Answer\u2028')
    const r = await validateFile(await writeTemp(dir, 'ls.jsonl', lines.join('\n') + '\n'))
    expect(findings(r)).toEqual({ errors: [], warnings: ['4:W_UNICODE_LINE_SEPARATOR'] })
    expect(r.stats.lines).toBe(10)
  })

  it('reports blank and whitespace-only lines and does not count them as examples', async () => {
    const r = await validateFile(await writeTemp(dir, 'blank.jsonl', [...ten.slice(0, 5), '', ' \t', ...ten.slice(5)].join('\n') + '\n'))
    expect(findings(r).warnings).toEqual(['6:W_BLANK_LINE', '7:W_BLANK_LINE'])
    expect(r.stats.examples).toBe(10)
  })

  it('makes blank lines errors under the Together profile', async () => {
    const r = await validateFile(await writeTemp(dir, 'blank-tg.jsonl', ten.slice(0, 2).join('\n') + '\n\n'), { profile: 'together' })
    expect(findings(r).errors).toEqual(['3:W_BLANK_LINE'])
    expect(r.valid).toBe(false)
  })
})

describe('encodings', () => {
  it('strips a UTF-8 BOM, warns on line 1 and still parses it', async () => {
    const r = await validateFile(await writeTemp(dir, 'bom.jsonl', '\uFEFF' + ten.join('\n') + '\n'))
    expect(findings(r)).toEqual({ errors: [], warnings: ['1:W_UTF8_BOM'] })
  })

  it('stops at UTF-16 with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ten.join('\n'), 'utf16le')])
    const r = await validateFile(await writeTemp(dir, 'u16.jsonl', bytes))
    expect(findings(r)).toEqual({ errors: ['file:E_UTF16_ENCODING'], warnings: [] })
    expect(r.fatal).toBe(true)
  })

  it('stops at UTF-16 without a BOM (NUL in every other byte)', async () => {
    const r = await validateFile(await writeTemp(dir, 'u16be.jsonl', Buffer.from(ten.join('\n'), 'utf16le').swap16()))
    expect(findings(r).errors).toEqual(['file:E_UTF16_ENCODING'])
  })

  it('names the kind of a binary file', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)])
    const r = await validateFile(await writeTemp(dir, 'x.jsonl', zip))
    expect(findings(r).errors).toEqual(['file:E_BINARY_FILE'])
    expect(r.errors[0]?.message).toContain('ZIP')
  })

  it('calls a file with many control bytes binary', async () => {
    const r = await validateFile(await writeTemp(dir, 'ctl.jsonl', Buffer.alloc(4000, 1)))
    expect(findings(r).errors).toEqual(['file:E_BINARY_FILE'])
  })

  it('reports invalid UTF-8 on its line only and parses the others', async () => {
    const bad = Buffer.from(chatLine(4).replace('Answer', 'Caf\u00e9'), 'latin1')
    const bytes = Buffer.concat([Buffer.from(ten.slice(0, 4).join('\n') + '\n'), bad, Buffer.from('\n' + ten.slice(5).join('\n') + '\n')])
    const r = await validateFile(await writeTemp(dir, 'latin1.jsonl', bytes))
    expect(findings(r)).toEqual({ errors: ['5:E_INVALID_UTF8'], warnings: [] })
  })

  it('stops at CR-only line breaks', async () => {
    const r = await validateFile(await writeTemp(dir, 'cr.jsonl', ten.join('\r') + '\r'))
    expect(findings(r).errors).toEqual(['file:E_CR_LINE_ENDINGS'])
  })

  it('calls a file of only line breaks empty', async () => {
    const r = await validateFile(await writeTemp(dir, 'nl.jsonl', '\n\r\n  \n'))
    expect(findings(r)).toEqual({ errors: ['file:E_EMPTY_FILE'], warnings: [] })
  })

  it('warns about a lone surrogate escape but accepts a pair', async () => {
    const lines = chatLines(10)
    lines[1] = chatLine(1).replace('Answer', 'Smile \\ud83d\\ude00')
    lines[2] = chatLine(2).replace('Answer', 'Broken \\ud83d!')
    const r = await validateFile(await writeTemp(dir, 'sur.jsonl', lines.join('\n') + '\n'))
    expect(findings(r)).toEqual({ errors: [], warnings: ['3:W_LONE_SURROGATE'] })
  })

  it('finds a duplicate key only where there is one (escaped quotes and colons in text do not count)', async () => {
    const lines = chatLines(10)
    lines[0] = chatLine(0).replace('Answer', 'He said \\"x\\": yes, time 10:30')
    lines[6] = lines[6]!.replace('"role":"user"', '"role":"user","role":"user"')
    const r = await validateFile(await writeTemp(dir, 'dupkey.jsonl', lines.join('\n') + '\n'))
    expect(findings(r)).toEqual({ errors: [], warnings: ['7:W_DUPLICATE_JSON_KEY'] })
  })
})

describe('line bound', () => {
  it('reports a line over the bound as W_LINE_TOO_LONG and goes on with the next lines', async () => {
    const huge = 5 * 1024 * 1024
    const path = await streamTemp(dir, 'huge.jsonl', 13, (i) => {
      if (i < 5) return chatLine(i) + '\n'
      if (i === 5) return '{"messages":[{"role":"user","content":"'
      if (i < 5 + 6) return 'x'.repeat(huge / 5)
      if (i === 11) return '"}]}\n'
      return chatLines(5, 10).join('\n') + '\n'
    })
    const r = await validateFile(path, {}, { maxLineBytes: 1024 * 1024, chunkBytes: 64 * 1024 })
    // Not read, but at least bytes ÷ 4 tokens: over the training limit too (§4.12).
    expect(findings(r)).toEqual({ errors: [], warnings: ['6:W_LINE_TOO_LONG', '6:W_EXAMPLE_TOO_LONG'] })
    expect(r.stats.examples).toBe(11)
    expect(r.warnings[0]?.params.n).toBe(6)
  })

  it('handles a huge last line without a newline', async () => {
    const path = await streamTemp(dir, 'huge-last.jsonl', 4, (i) => (i === 0 ? ten.join('\n') + '\n' : 'y'.repeat(512 * 1024)))
    const r = await validateFile(path, {}, { maxLineBytes: 1024 * 1024, chunkBytes: 64 * 1024 })
    expect(findings(r).warnings).toEqual(['11:W_LINE_TOO_LONG', '11:W_EXAMPLE_TOO_LONG'])
  })

  it('reassembles lines that straddle read chunks', async () => {
    const path = await streamTemp(dir, 'chunks.jsonl', 500, (i) => chatLine(i) + '\r\n')
    const r = await validateFile(path, {}, { chunkBytes: 1000 })
    expect(findings(r)).toEqual({ errors: [], warnings: [] })
    expect(r.stats.examples).toBe(500)
  })
})
