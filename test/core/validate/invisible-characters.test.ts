// Issue 9 item 12: a line that is not JSON because of a character nobody can see names that character ("U+0000 (NUL)",
// "a second byte-order mark") instead of printing it raw between quotes, in English and in Russian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { renderFinding } from '../../../src/shared/locale/validation'
import { chatLines, tempDir, writeTemp } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(() => cleanup())

const ok = '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}'

/** The E_JSON_PARSE messages of a file whose lines after 11 good ones are `bad`, in English and Russian. */
async function parseMessages(name: string, bad: string[], head = ''): Promise<{ en: string; ru: string }[]> {
  const path = await writeTemp(dir, name, head + [...chatLines(11), ...bad].join('\n') + '\n')
  const report = await validateFile(path, { all: true })
  const found = report.errors.filter((f) => f.code === 'E_JSON_PARSE')
  expect(found.map((f) => f.line)).toEqual(bad.map((_, i) => 12 + i))
  return found.map((f) => ({ en: f.message, ru: renderFinding(f.code, f.params, 'ru')?.message ?? '' }))
}

/** Nothing in the text a person cannot see: C0/C1 controls, zero-width characters, BOMs, separators. */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00a0\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/

describe('invisible characters in a line that is not JSON', () => {
  it('names a NUL, a vertical tab and a no-break space where a value or field should be', async () => {
    const msgs = await parseMessages('controls.jsonl', [
      ok.replace('"content":"Hi"', '"content":\u0000"Hi"'),
      ok.replace('{"role":"assistant"', '{\u000b"role":"assistant"'),
      ok.replace('"content":"Hello"', '"content":\u00a0"Hello"'),
      ok + '\u0000\u0000'
    ])
    expect(msgs.map((m) => m.en)).toEqual([
      'This line is not valid JSON: an invisible character, U+0000 (NUL), where it does not belong; delete it (column 39).',
      'This line is not valid JSON: an invisible character, U+000B (VT), where it does not belong; delete it (column 46).',
      'This line is not valid JSON: an invisible character, U+00A0 (NBSP), where it does not belong; delete it (column 75).',
      `This line is not valid JSON: an invisible character, U+0000 (NUL), where it does not belong; delete it (column ${ok.length + 1}).`
    ])
    expect(msgs[0]?.ru).toBe('Строка не является правильным JSON: здесь стоит невидимый символ U+0000 (NUL), которому тут не место; удалите его (позиция 39).')
    for (const m of msgs) {
      expect(m.en).not.toMatch(INVISIBLE)
      expect(m.ru).not.toMatch(INVISIBLE)
    }
  })

  it('calls a byte-order mark after the file’s own one, or at the start of a later line, a second byte-order mark', async () => {
    // The file starts with a BOM (fine, a warning) and a second one right after it; line 13 starts with another.
    const path = await writeTemp(dir, 'boms.jsonl', '\ufeff\ufeff' + [ok, ...chatLines(11), '\ufeff' + ok].join('\n') + '\n')
    const report = await validateFile(path, { all: true })
    const parse = report.errors.filter((f) => f.code === 'E_JSON_PARSE')
    expect(parse.map((f) => f.line)).toEqual([1, 13])
    for (const f of parse) {
      expect(f.message).toBe(
        "This line is not valid JSON: a second byte-order mark (the invisible character U+FEFF, which only a file's very start may have; were two files joined?) (column 1)."
      )
      expect(renderFinding(f.code, f.params, 'ru')?.message).toMatch(/^Строка не является правильным JSON: вторая метка порядка байтов \(невидимый символ U\+FEFF/)
      expect(f.message + f.hint).not.toMatch(INVISIBLE)
    }
  })

  it('names a raw control character inside a text by its code and short name', async () => {
    const [m] = await parseMessages('inside.jsonl', [ok.replace('"Hi"', '"H\u0000i"')])
    expect(m?.en).toBe('This line is not valid JSON: an invisible control character, U+0000 (NUL), inside a text; delete it (column 41).')
    expect(m?.ru).toBe('Строка не является правильным JSON: внутри текста стоит невидимый управляющий символ U+0000 (NUL); удалите его (позиция 41).')
  })

  it('still quotes a visible character, and a whole emoji rather than half of one', async () => {
    const msgs = await parseMessages('visible.jsonl', [ok.replace('"content":"Hi"', '"content":Hi'), ok.replace('"content":"Hi"', '"content":😀')])
    expect(msgs[0]?.en).toBe('This line is not valid JSON: unexpected character "H" (column 39).')
    expect(msgs[1]?.en).toBe('This line is not valid JSON: unexpected character "😀" (column 39).')
    expect(msgs[1]?.en).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  })
})
