// E_JSON_PARSE's detail by key: the scanner names each problem with a key of the locale's phrases, its English stays
// word for word what it was before keys, and a Russian user reads the reason in Russian.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import { findJsonSyntaxProblem } from '../../../src/core/validate/json-scan'
import type { JsonDetailParams } from '../../../src/shared/locale/validation-en'
import { fillFinding, JSON_DETAILS_EN, renderFinding, type JsonDetailKey } from '../../../src/shared/locale/validation'
import { chatLines, tempDir, writeTemp } from './helpers'

/** Every key: a line that triggers it (null: none can) and the scanner's English detail from before keys, verbatim. */
const BEFORE_KEYS: Record<JsonDetailKey, [sample: string | null, english: string]> = {
  cut_off: ['{"a": 1', 'the line ends before the JSON is complete (was it cut off?)'],
  single_quotes: ["{'a': 1}", 'single quotes are not allowed; use double quotes'],
  minus_infinity: ['{"a": -Infinity}', '-Infinity is not a JSON value; use null or a number'],
  nan: ['{"a": NaN}', 'NaN is not a JSON value; use null or a number'],
  infinity: ['{"a": Infinity}', 'Infinity is not a JSON value; use null or a number'],
  undefined: ['{"a": undefined}', 'undefined is not a JSON value; use null'],
  python_literal: ['{"a": None}', 'None/True/False are Python, not JSON; use null/true/false'],
  missing_value: ['{"a": }', 'a value is missing before "}" (trailing comma?)'],
  unexpected_char: ['{"a": x}', 'unexpected character "x"'],
  trailing_comma_object: ['{"a": 1,}', 'trailing comma before "}"'],
  trailing_comma_array: ['[1,]', 'trailing comma before "]"'],
  unquoted_key: ['{a: 1}', 'property names must be in double quotes'],
  expected_colon: ['{"a" 1}', 'expected ":" after "a"'],
  missing_comma: ['{"a": 1 "b": 2}', 'a comma is missing between two fields (or a " inside a text is not escaped as \\")'],
  expected_comma_or_brace: ['{"a": 1 2}', 'expected "," or "}" after a value'],
  expected_comma_or_bracket: ['[1 2]', 'expected "," or "]" after a value'],
  unclosed_text: ['{"a": "abc', 'a text value is not closed (missing ")'],
  bad_unicode_escape: ['{"a": "\\u12"}', 'invalid \\u escape (needs 4 hex digits)'],
  bad_escape: ['{"a": "\\x"}', 'invalid escape "\\x"'],
  raw_tab: ['{"a": "x\ty"}', 'a raw TAB character inside a text; write it as \\t'],
  raw_newline: ['{"a": "x\ny"}', 'a raw line break inside a text; write it as \\n'],
  // Since issue 9 an invisible character is named, never printed raw (these three are newer than the keys).
  raw_control: ['{"a": "x\u0001"}', 'an invisible control character, U+0001 (SOH), inside a text; delete it'],
  invisible_char: ['{"a": \u000b1}', 'an invisible character, U+000B (VT), where it does not belong; delete it'],
  stray_bom: ['\ufeff{"a": 1}', "a second byte-order mark (the invisible character U+FEFF, which only a file's very start may have; were two files joined?)"],
  bad_number: ['{"a": -}', 'invalid number'],
  extra_text: ['{"a": 1} {"b": 2}', 'extra text after the end of the JSON value (two objects on one line?)'],
  // Only when JSON.parse rejects a line the scanner accepts; no known line does.
  not_json: [null, 'not valid JSON']
}

const keys = Object.keys(JSON_DETAILS_EN) as JsonDetailKey[]
const triggered = keys.filter((k) => BEFORE_KEYS[k][0] !== null)

/** The finding params as the validator builds them for a line. */
function parseParams(line: string): Record<string, string | number> {
  const p = findJsonSyntaxProblem(line)
  return { detail: p.detail, c: p.offset + 1, detailKey: p.detailKey, ...p.detailParams }
}

describe('JSON scanner detail keys', () => {
  it('covers every detail key with its English from before keys', () => {
    expect(Object.keys(BEFORE_KEYS).sort()).toEqual([...keys].sort())
  })

  it.each(triggered)('%s: the sample line gets this key and the same English detail as before', (key) => {
    const [sample, english] = BEFORE_KEYS[key]
    const p = findJsonSyntaxProblem(sample as string)
    expect(p.detailKey).toBe(key)
    expect(p.detail).toBe(english)
    expect(JSON.parse(JSON.stringify(p.detailParams))).toEqual(p.detailParams)
  })

  it.each(triggered)('%s: English rendered through the locale phrase equals the scanner’s detail', (key) => {
    const params = parseParams(BEFORE_KEYS[key][0] as string)
    expect(renderFinding('E_JSON_PARSE', params, 'en')?.message).toBe(`This line is not valid JSON: ${BEFORE_KEYS[key][1]} (column ${params.c}).`)
  })

  it('not_json: the locale phrase is the English fallback the scanner used', () => {
    expect(fillFinding(JSON_DETAILS_EN.not_json, {})).toBe(BEFORE_KEYS.not_json[1])
  })

  it('makes the scanner pass exactly the params a phrase names (checked by the compiler)', () => {
    expectTypeOf<keyof JsonDetailParams<'unexpected_char'>>().toEqualTypeOf<'char'>()
    expectTypeOf<keyof JsonDetailParams<'expected_colon'>>().toEqualTypeOf<'key'>()
    expectTypeOf<keyof JsonDetailParams<'raw_tab'>>().toEqualTypeOf<never>()
  })
})

describe('E_JSON_PARSE for a Russian user', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeAll(async () => ({ dir, cleanup } = await tempDir()))
  afterAll(() => cleanup())

  // Technical tokens the Russian phrases keep as they are.
  const TOKENS = new Set(['json', 'nan', 'null', 'true', 'false', 'none', 'python', 'infinity', 'undefined'])
  const englishWords = (detail: string): string[] => (detail.match(/[a-z]{3,}/gi) ?? []).filter((w) => !TOKENS.has(w.toLowerCase()))

  const cases: { what: string; line: string; en: string; ru: string }[] = [
    {
      what: 'single quotes',
      line: "{'messages': [{'role': 'user', 'content': 'Hi'}]}",
      en: 'single quotes are not allowed; use double quotes',
      ru: 'одинарные кавычки не допускаются, нужны двойные'
    },
    { what: 'trailing comma', line: '{"messages":[{"role":"user","content":"Hi"},]}', en: 'trailing comma before "]"', ru: 'лишняя запятая перед "]"' },
    {
      what: 'Python None',
      line: '{"messages":[{"role":"user","content":None}]}',
      en: 'None/True/False are Python, not JSON; use null/true/false',
      ru: 'None/True/False — это запись Python, а не JSON; напишите null/true/false'
    },
    {
      what: 'raw TAB',
      line: '{"messages":[{"role":"user","content":"a\tb"}]}',
      en: 'a raw TAB character inside a text; write it as \\t',
      ru: 'внутри текста стоит табуляция; запишите её как \\t'
    },
    {
      what: 'cut-off line',
      line: '{"messages":[{"role":"user","content":"Hi"}',
      en: 'the line ends before the JSON is complete (was it cut off?)',
      ru: 'строка обрывается раньше, чем закончился JSON (возможно, её обрезали?)'
    },
    {
      what: 'missing comma',
      line: '{"messages":[{"role":"user" "content":"Hi"}]}',
      en: 'a comma is missing between two fields (or a " inside a text is not escaped as \\")',
      ru: 'между двумя полями не хватает запятой (или кавычка " внутри текста не записана как \\")'
    },
    { what: 'unexpected character', line: '{"messages":[{"role":"user","content":Hi}]}', en: 'unexpected character "H"', ru: 'неожиданный символ "H"' },
    {
      what: 'extra text after the value',
      line: '{"messages":[{"role":"user","content":"Hi"}]} {"x":1}',
      en: 'extra text after the end of the JSON value (two objects on one line?)',
      ru: 'после конца JSON есть лишний текст (два объекта в одной строке?)'
    }
  ]

  it('says why a line is not JSON in Russian, and word for word as before in English', async () => {
    const path = await writeTemp(dir, 'broken.jsonl', [...chatLines(11), ...cases.map((c) => c.line)].join('\n') + '\n')
    const report = await validateFile(path, { all: true })
    const parse = report.errors.filter((f) => f.code === 'E_JSON_PARSE')
    expect(parse.map((f) => f.line)).toEqual(cases.map((_, i) => 12 + i))
    cases.forEach((c, i) => {
      const f = parse[i]!
      const col = f.params.c as number
      expect(f.params.detail, c.what).toBe(c.en)
      expect(f.message, c.what).toBe(`This line is not valid JSON: ${c.en} (column ${col}).`)
      expect(renderFinding(f.code, f.params, 'en')?.message, c.what).toBe(f.message)
      const ru = renderFinding(f.code, f.params, 'ru')?.message
      expect(ru, c.what).toBe(`Строка не является правильным JSON: ${c.ru} (позиция ${col}).`)
      for (const word of englishWords(c.en)) expect(ru, `${c.what}: "${word}"`).not.toMatch(new RegExp(`\\b${word}\\b`, 'i'))
    })
  })
})
