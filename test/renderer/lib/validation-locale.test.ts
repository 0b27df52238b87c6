// Finding texts in every UI language: the Russian table covers every English code with the same placeholders,
// counts take Russian plural forms, and the validator's English fragments in params are translated.
import { describe, expect, it } from 'vitest'
import { fillFinding, placeholdersOf, renderFinding, VALIDATION_EN, VALIDATION_RU, type ValidationCode } from '../../../src/shared/locale/validation'
import { findingText, groupFindings } from '../../../src/renderer/src/lib/validation'
import { report } from '../fake-bridge'

const codes = Object.keys(VALIDATION_EN) as ValidationCode[]

describe('Russian finding texts', () => {
  it('has exactly the English codes', () => {
    expect(codes.length).toBeGreaterThan(100)
    expect(Object.keys(VALIDATION_RU).sort()).toEqual([...codes].sort())
  })

  it.each(codes)('%s: non-empty message and hint with the English placeholders', (code) => {
    const en = VALIDATION_EN[code]
    const ru = VALIDATION_RU[code]
    for (const part of ['message', 'hint'] as const) {
      expect(ru[part].trim().length, `${code}.${part}`).toBeGreaterThan(5)
      expect(ru[part], `${code}.${part} is translated`).not.toBe(en[part])
      expect(placeholdersOf(ru[part]), `${code}.${part} placeholders`).toEqual(placeholdersOf(en[part]))
      expect(ru[part]).toMatch(/[а-яё]/i)
    }
  })

  it('renders every code with its params filled (no {placeholder} left, no "undefined")', () => {
    for (const code of codes) {
      const names = new Set([...placeholdersOf(VALIDATION_EN[code].message), ...placeholdersOf(VALIDATION_EN[code].hint)])
      const params = Object.fromEntries([...names].map((n) => [n, 3]))
      const text = renderFinding(code, params, 'ru')
      expect(text?.message).not.toMatch(/\{\w+(:[^{}]*)?\}|undefined/)
      expect(text?.hint).not.toMatch(/\{\w+(:[^{}]*)?\}|undefined/)
    }
  })

  it('picks Russian plural forms for counts', () => {
    const few = (n: number) => renderFinding('I_FEW_EXAMPLES', { n }, 'ru')?.message
    expect(few(1)).toBe('Всего 1 пример; результаты обычно лучше, когда их 50 или больше.')
    expect(few(3)).toMatch(/^Всего 3 примера;/)
    expect(few(5)).toMatch(/^Всего 5 примеров;/)
    expect(few(21)).toMatch(/^Всего 21 пример;/)
    expect(few(12)).toMatch(/^Всего 12 примеров;/)
    expect(renderFinding('I_TOKEN_STATS', { tokens: 2, n: 1 }, 'ru')?.message).toBe('Примерно 2 токена в 1 примере.')
    expect(fillFinding('{n:a|b|c}', { n: 1.5 }, 'ru')).toBe('b')
  })

  it('translates the validator’s own words in params, but never data, keys or ids', () => {
    expect(renderFinding('E_JSON_PARSE', { detail: 'trailing comma before "}"', c: 40, detailKey: 'trailing_comma_object' }, 'ru')?.message).toBe('Строка не является правильным JSON: лишняя запятая перед "}" (позиция 40).')
    expect(renderFinding('E_JSON_PARSE', { detail: 'unexpected character "x"', c: 2, detailKey: 'unexpected_char', char: 'x' }, 'ru')?.message).toContain('неожиданный символ "x"')
    expect(renderFinding('E_FILE_TOO_LARGE', { size: '9.0 GB', limit: '512 MB' }, 'ru')?.message).toBe('Размер файла 9,0 ГБ, а допускается не больше 512 МБ. Разделите его на файлы поменьше.')
    expect(renderFinding('E_LINE_NOT_OBJECT', { type: 'a list [ ]' }, 'ru')?.message).toContain('а здесь список [ ].')
    expect(renderFinding('W_EVALS_UNKNOWN_KEY', { key: 'text' }, 'ru')?.message).toContain('Поле "text"')
  })

  it('renders English like the validator and knows no unknown code', () => {
    expect(renderFinding('E_TOO_FEW_EXAMPLES', { n: 3, min: 10 }, 'en')?.message).toBe('Only 3 examples; at least 10 are required.')
    expect(renderFinding('E_NOT_A_CODE', {}, 'ru')).toBeNull()
  })
})

describe('findings in the UI language', () => {
  const f = { line: 3, code: 'E_TOO_FEW_EXAMPLES', message: 'Only 3 examples; at least 10 are required.', hint: 'Add more examples.', params: { n: 3, min: 10 } }

  it('uses the report’s English text and renders other languages from code + params', () => {
    expect(findingText(f, 'en')).toEqual({ message: f.message, hint: f.hint })
    expect(findingText(f, 'ru').message).toBe('Всего 3 примера, а нужно не меньше 10.')
    expect(findingText({ ...f, code: 'E_FUTURE' }, 'ru').message).toBe(f.message)
  })

  it('groups carry the text in the UI language', () => {
    const r = report({ valid: false, errors: [f], counts: [{ code: f.code, severity: 'error', total: 1, listed: 1 }] })
    expect(groupFindings(r, 'ru')[0]).toMatchObject({ message: 'Всего 3 примера, а нужно не меньше 10.', hint: 'Добавьте примеры: для начала разумно 50–100 хороших.' })
    expect(groupFindings(r)[0]?.message).toBe(f.message)
  })
})
