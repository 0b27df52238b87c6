// Issue 9's catalogue readings, on real files: duplicates by canonical JSON, Mistral's tool-call counts, custom_id in
// characters, Mistral text files, empty DPO answers, adjacent roles, over-long lines, and other tools' files named.
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { renderFinding } from '../../../src/shared/locale/validation'
import type { ProfileId, ValidateOptions, ValidationReport } from '../../../src/shared/validation'
import { chatLines, findings, streamTemp, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
let seq = 0

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterAll(async () => cleanup())

async function check(lines: string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const path = await writeTemp(dir, `f${seq++}.jsonl`, lines.join('\n') + '\n')
  return validateFile(path, { purpose: 'fine-tune', all: true, ...options })
}

describe('W_DUPLICATE_EXAMPLE: same canonical JSON, wherever the line sits', () => {
  it('finds line 12 repeating line 1 at each of the four byte shifts', async () => {
    for (let shift = 0; shift < 4; shift++) {
      const lines = chatLines(11)
      // Line 2 grows by `shift` bytes, so line 12 starts at another offset modulo 4 each time.
      lines[1] = lines[1]?.replace('Question', `Question${'?'.repeat(shift)}`) ?? ''
      lines.push(lines[0] as string)
      const r = await check(lines)
      expect(findings(r).warnings, `shift ${shift}`).toEqual(['12:W_DUPLICATE_EXAMPLE'])
      expect(r.warnings[0]?.params.first).toBe(1)
    }
  })

  it('finds the same JSON in other key order, spacing, escapes and number spelling', async () => {
    const first = JSON.stringify({ messages: [{ role: 'user', content: 'Hi, tab\tand ü' }, { role: 'assistant', content: 'Hello', weight: 1 }] })
    const same = '{ "messages" : [ {"content": "H\\u0069, tab\\u0009and \\u00fc",  "role":"user"}, {"weight": 1.0, "content":"Hello" ,"role":"assistant"} ] }'
    const r = await check([first, ...chatLines(8), same])
    expect(findings(r).warnings).toEqual(['10:W_DUPLICATE_EXAMPLE'])
    expect(r.warnings[0]?.params.first).toBe(1)
  })

  it('tells long texts (hashed in pieces) apart and finds them again in other spelling', async () => {
    const long = '東京 data\n'.repeat(40_000) // 280,000 characters, over 1 MB as UTF-8
    const line = (content: string): string => JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content }] })
    const escaped = line(long).replaceAll('\\n', '\\u000a')
    const r = await check([line(long), line(`${long}!`), line(`!${long.slice(1)}`), ...chatLines(7), escaped], { tokens: 'off' })
    expect(findings(r).warnings.filter((w) => w.endsWith('W_DUPLICATE_EXAMPLE'))).toEqual(['11:W_DUPLICATE_EXAMPLE'])
  })

  it('does not call different values the same', async () => {
    const r = await check([
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}',
      '{"messages":[{"role":"user","content":"b"},{"role":"assistant","content":"a"}]}',
      '{"messages":[{"role":"assistant","content":"b"},{"role":"user","content":"a"}]}',
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":1}]}',
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":0}]}',
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":["b"]}]}',
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b "}]}',
      ...chatLines(4)
    ])
    expect(findings(r).warnings.filter((w) => w.endsWith('W_DUPLICATE_EXAMPLE'))).toEqual([])
  })
})

describe('W_TOOL_CALL_ID_UNMATCHED under Mistral: call and result counts per turn, not ids', () => {
  const tools = [{ type: 'function', function: { name: 'lookup', description: 'Looks up a word.', parameters: { type: 'object', properties: {} } } }]
  const call = (id?: string) => ({ ...(id === undefined ? {} : { id }), type: 'function', function: { name: 'lookup', arguments: '{}' } })
  const example = (...messages: object[]): string => JSON.stringify({ messages: [{ role: 'user', content: 'Look it up.' }, ...messages], tools })
  const mistral = (lines: string[]) => check([...lines, ...chatLines(10)], { profile: 'mistral' })

  it('takes a result whose id differs from its call', async () => {
    const r = await mistral([
      example({ role: 'assistant', tool_calls: [call('aB3dE6gH9')] }, { role: 'tool', content: '{}', tool_call_id: 'M7NMTdOk1' }, { role: 'assistant', content: 'Done.' })
    ])
    expect(findings(r)).toEqual({ errors: [], warnings: [] })
  })

  it('says only what is wrong with an id like "id9()", not that it is unanswered', async () => {
    const r = await mistral([
      example({ role: 'assistant', tool_calls: [call('id9()')] }, { role: 'tool', content: '{}', tool_call_id: 'M7NMTdOk1' }, { role: 'assistant', content: 'Done.' })
    ])
    expect(findings(r).errors).toEqual(['1:E_MISTRAL_TOOL_CALL_ID'])
  })

  it("takes Mistral's own example, whose last call has no result, and a last call with no id only as a malformed call", async () => {
    const readme = example(
      { role: 'assistant', tool_calls: [call('TX92Jm8Zi')] },
      { role: 'tool', content: '{"anagram": "silent"}', tool_call_id: 'TX92Jm8Zi' },
      { role: 'assistant', content: 'The anagram of "listen" is "silent".' },
      { role: 'user', content: 'And "race"?' },
      { role: 'assistant', tool_calls: [call('3XhQnxLsT')] }
    )
    const noId = example({ role: 'assistant', tool_calls: [call()] })
    const r = await mistral([readme, noId])
    expect(findings(r).errors).toEqual(['2:E_INVALID_TOOL_CALL'])
  })

  it('still flags counts that differ within a turn, or more results than calls', async () => {
    const short = example(
      { role: 'assistant', tool_calls: [call('aaaaaaaa1'), call('aaaaaaaa2')] },
      { role: 'tool', content: '{}', tool_call_id: 'aaaaaaaa1' },
      { role: 'assistant', content: 'Done.' }
    )
    const extra = example(
      { role: 'assistant', tool_calls: [call('aaaaaaaa1')] },
      { role: 'tool', content: '{}', tool_call_id: 'aaaaaaaa1' },
      { role: 'tool', content: '{}', tool_call_id: 'aaaaaaaa2' },
      { role: 'assistant', content: 'Done.' }
    )
    const r = await mistral([short, extra])
    expect(findings(r).errors).toEqual(['1:W_TOOL_CALL_ID_UNMATCHED', '2:W_TOOL_CALL_ID_UNMATCHED'])
    expect(r.errors[0]?.params.id).toBe('2 calls, 1 results')
  })

  it('still matches ids under OpenAI', async () => {
    const r = await check([
      example({ role: 'assistant', tool_calls: [call('call_1')] }, { role: 'tool', content: '{}', tool_call_id: 'call_2' }, { role: 'assistant', content: 'Done.' }),
      ...chatLines(10)
    ])
    expect(findings(r).warnings).toEqual(['1:W_TOOL_CALL_ID_UNMATCHED'])
  })
})

describe('W_CUSTOM_ID_TOO_LONG counts characters', () => {
  const request = (id: string): string =>
    JSON.stringify({ custom_id: id, body: { model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', messages: [{ role: 'user', content: 'Hi' }] } })

  it('takes 40 emoji under Together, and counts 65 as 65', async () => {
    const r = await check([request('😀'.repeat(40)), request('🚀'.repeat(65)), request('x'.repeat(64))], { purpose: 'batch', profile: 'together' })
    expect(findings(r).errors).toEqual(['2:W_CUSTOM_ID_TOO_LONG'])
    expect(r.errors[0]?.params.n).toBe(65)
  })
})

describe('Mistral plain-text files', () => {
  it('are a Mistral format (§2 and the E_UNSUPPORTED_FORMAT row); preference data still is not', async () => {
    const text = await check(Array.from({ length: 10 }, (_, i) => JSON.stringify({ text: `Document ${i}.` })), { profile: 'mistral' })
    expect(findings(text)).toEqual({ errors: [], warnings: [] })
    expect(text.detected.format).toBe('text')
    const dpo = JSON.stringify({ input: { messages: [{ role: 'user', content: 'Q' }] }, preferred_output: [{ role: 'assistant', content: 'A' }], non_preferred_output: [{ role: 'assistant', content: 'B' }] })
    expect(findings(await check([dpo], { profile: 'mistral' })).errors).toEqual(['file:E_UNSUPPORTED_FORMAT'])
  })
})

describe('DPO outputs with empty content', () => {
  const dpo = (preferred: unknown, other: unknown = 'No.'): string =>
    JSON.stringify({
      input: { messages: [{ role: 'user', content: 'Is the sky blue?' }] },
      preferred_output: [{ role: 'assistant', content: preferred }],
      non_preferred_output: [{ role: 'assistant', content: other }]
    })
  const valid = Array.from({ length: 9 }, (_, i) => dpo(`Yes, ${i}.`))

  for (const profile of ['openai', 'together'] as ProfileId[]) {
    it(`"" is W_EMPTY_CONTENT under ${profile}, a missing content still E_DPO_OUTPUT_ROLE`, async () => {
      const r = await check([dpo(''), dpo('Yes.', '  '), dpo(null), ...valid], { profile })
      expect(findings(r)).toEqual({ errors: ['3:E_DPO_OUTPUT_ROLE'], warnings: ['1:W_EMPTY_CONTENT', '2:W_EMPTY_CONTENT'] })
      expect(r.warnings[0]?.params).toEqual({ i: 'preferred_output', role: 'assistant' })
      expect(r.warnings[1]?.params.i).toBe('non_preferred_output')
    })
  }
})

describe('E_CONSECUTIVE_SAME_ROLE compares adjacent messages', () => {
  it('does not pair two assistant messages around one Together cannot read', async () => {
    const line = JSON.stringify({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', content: 'Sunny', tool_call_id: 'c1' },
        { role: 'assistant', content: 'Sunny.' }
      ]
    })
    const adjacent = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'assistant', content: 'Again' }] })
    const r = await check([line, adjacent], { profile: 'together' })
    expect(findings(r).errors).toEqual(['1:E_UNKNOWN_ROLE', '2:E_CONSECUTIVE_SAME_ROLE'])
  })
})

describe('a line over the 32 MiB bound', () => {
  it('gets W_EXAMPLE_TOO_LONG as well as W_LINE_TOO_LONG, from bytes ÷ 4', async () => {
    // 40 MiB: the reader holds up to one read (4 MiB) past the bound before it gives a line up.
    const bytes = 40 * 1024 * 1024
    const head = '{"messages":[{"role":"user","content":"'
    const tail = '"},{"role":"assistant","content":"ok"}]}'
    const lines = [head + 'x'.repeat(bytes - head.length - tail.length) + tail, ...chatLines(10)]
    const path = await streamTemp(dir, 'long.jsonl', lines.length, (i) => `${lines[i]}\n`)
    const r = await validateFile(path, { purpose: 'auto', all: true })
    expect(findings(r)).toEqual({ errors: [], warnings: ['1:W_LINE_TOO_LONG', '1:W_EXAMPLE_TOO_LONG'] })
    expect(r.warnings[1]?.params).toEqual({ n: bytes / 4, model: 'gpt-4o', limit: 65_536 })
  })
})

describe("other tools' files are named, with what to do", () => {
  it('Alpaca lines with "input" are Alpaca, not preference data', async () => {
    const alpaca = Array.from({ length: 10 }, (_, i) => JSON.stringify({ instruction: `Translate ${i}.`, input: 'Bonjour', output: 'Hello' }))
    const r = await check(alpaca)
    expect(new Set(r.errors.map((f) => f.code))).toEqual(new Set(['E_UNKNOWN_FORMAT']))
    expect(r.errors).toHaveLength(10)
    expect(r.errors[0]?.message).toContain('Alpaca')
  })

  it('TRL prompt/chosen/rejected lines are TRL preference data, not prompt/completion', async () => {
    const trl = Array.from({ length: 10 }, (_, i) => JSON.stringify({ prompt: `Q${i}?`, chosen: 'Good.', rejected: 'Bad.' }))
    const r = await check(trl, { profile: 'together' })
    expect(new Set(r.errors.map((f) => f.code))).toEqual(new Set(['E_UNKNOWN_FORMAT']))
    expect(r.errors[0]?.message).toContain('TRL')
    expect(renderFinding('E_UNKNOWN_FORMAT', r.errors[0]?.params ?? {}, 'ru')?.message).toContain('TRL')
  })

  it('a CSV table is told so, once, in both languages', async () => {
    const csv = 'prompt,completion\n"Hello, you","Hi ""there"""\n"Two\nlines",ok\nplain,row\n'
    const path = await writeTemp(dir, 'table.jsonl', csv)
    const r = await validateFile(path, { purpose: 'fine-tune' })
    expect(findings(r)).toEqual({ errors: ['file:E_CSV_FILE'], warnings: [] })
    expect(r.errors[0]?.message).toBe('This is a CSV table (first row: prompt, completion), not JSON Lines. Convert each row into one JSON object on its own line.')
    expect(renderFinding('E_CSV_FILE', r.errors[0]?.params ?? {}, 'ru')?.message).toContain('CSV (первая строка: prompt, completion)')
    const tsv = await writeTemp(dir, 'table.tsv.jsonl', 'question\tanswer\r\nWhat?\tThat.\r\nWho?\tThem.\r\n')
    expect(findings(await validateFile(tsv, { purpose: 'fine-tune' })).errors).toEqual(['file:E_CSV_FILE'])
  })

  it('JSON Lines with a few broken lines are not a CSV table', async () => {
    const r = await check(['{"messages": [1, 2,', 'a,b', ...chatLines(10)])
    expect(findings(r).errors).toEqual(['1:E_JSON_PARSE', '2:E_JSON_PARSE'])
  })

  it('a gzip or ZIP archive is told to be decompressed; an Excel workbook still to be exported', async () => {
    const jsonl = Buffer.from(chatLines(10).join('\n') + '\n')
    const gz = await writeTemp(dir, 'data.jsonl.gz', gzipSync(jsonl))
    const r = await validateFile(gz, { purpose: 'fine-tune' })
    expect(findings(r).errors).toEqual(['file:E_COMPRESSED_FILE'])
    expect(r.errors[0]?.params).toEqual({ format: 'gzip' })
    expect(r.errors[0]?.message).toContain('Decompress it first')
    expect(renderFinding('E_COMPRESSED_FILE', { format: 'gzip' }, 'ru')?.message).toContain('распакуйте')

    const zip = await writeTemp(dir, 'data.zip', zipWith('data.jsonl', jsonl))
    expect((await validateFile(zip, { purpose: 'fine-tune' })).errors.map((f) => [f.code, f.params])).toEqual([['E_COMPRESSED_FILE', { format: 'ZIP' }]])
    const xlsx = await writeTemp(dir, 'book.xlsx', zipWith('[Content_Types].xml', Buffer.from('<Types/>')))
    expect((await validateFile(xlsx, { purpose: 'fine-tune' })).errors.map((f) => f.code)).toEqual(['E_BINARY_FILE'])
  })
})

/** A ZIP file's first local header with one stored entry (enough for the head sniff; no central directory). */
function zipWith(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt32LE(data.length, 18)
  header.writeUInt32LE(data.length, 22)
  header.writeUInt16LE(Buffer.byteLength(name), 26)
  return Buffer.concat([header, Buffer.from(name), data])
}
