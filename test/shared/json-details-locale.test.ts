// E_JSON_PARSE's {detail} in the locale: a phrase per scanner key in every language, picked by params.detailKey, with
// params.detail (the English) as the fallback for a finding without a known key.
import { describe, expect, it } from 'vitest'
import {
  fillFinding,
  JSON_DETAILS_EN,
  JSON_DETAILS_RU,
  jsonDetail,
  placeholdersOf,
  renderFinding,
  VALIDATION_EN,
  type FindingParamValues,
  type JsonDetailKey
} from '../../src/shared/locale/validation'

const keys = Object.keys(JSON_DETAILS_EN) as JsonDetailKey[]
/** Params for a phrase: each placeholder gets a value no phrase contains. */
const sampleParams = (key: JsonDetailKey): Record<string, string> => Object.fromEntries(placeholdersOf(JSON_DETAILS_EN[key]).map((n) => [n, `<${n}>`]))
const keyed = (key: JsonDetailKey) => ({ detail: fillFinding(JSON_DETAILS_EN[key], sampleParams(key)), c: 3, detailKey: key, ...sampleParams(key) })

describe('JSON detail phrases', () => {
  it('has a Russian phrase for every English detail key, and no other', () => {
    expect(keys.length).toBeGreaterThanOrEqual(20)
    expect(Object.keys(JSON_DETAILS_RU).sort()).toEqual([...keys].sort())
  })

  it.each(keys)('%s: the Russian phrase is Russian, not the English, and names the same params', (key) => {
    const ru = JSON_DETAILS_RU[key]
    expect(ru).toMatch(/[а-яё]/i)
    expect(ru).not.toBe(JSON_DETAILS_EN[key])
    expect(placeholdersOf(ru)).toEqual(placeholdersOf(JSON_DETAILS_EN[key]))
  })

  it('names no detail param like a param E_JSON_PARSE already has', () => {
    const own = new Set(['detail', 'detailKey', ...placeholdersOf(VALIDATION_EN.E_JSON_PARSE.message), ...placeholdersOf(VALIDATION_EN.E_JSON_PARSE.hint)])
    for (const key of keys) for (const name of placeholdersOf(JSON_DETAILS_EN[key])) expect(own.has(name), `${key}: {${name}}`).toBe(false)
  })
})

describe('{detail} from params.detailKey', () => {
  it.each(keys)('%s: English renders the English detail, Russian the Russian phrase', (key) => {
    const params = keyed(key)
    expect(renderFinding('E_JSON_PARSE', params, 'en')?.message).toBe(`This line is not valid JSON: ${params.detail} (column 3).`)
    expect(renderFinding('E_JSON_PARSE', params, 'ru')?.message).toBe(
      `Строка не является правильным JSON: ${fillFinding(JSON_DETAILS_RU[key], sampleParams(key), 'ru')} (позиция 3).`
    )
  })

  it('takes the words from the key, not from params.detail', () => {
    const params = { detail: 'stale English words', c: 7, detailKey: 'unexpected_char', char: 'x' }
    expect(renderFinding('E_JSON_PARSE', params, 'ru')?.message).toBe('Строка не является правильным JSON: неожиданный символ "x" (позиция 7).')
    expect(renderFinding('E_JSON_PARSE', params, 'en')?.message).toBe('This line is not valid JSON: unexpected character "x" (column 7).')
  })

  it('keeps params.detail for an unknown or missing key', () => {
    const unknown: FindingParamValues[] = [
      { detail: 'a reason from a newer version', c: 2, detailKey: 'future_key' },
      { detail: 'a reason from a newer version', c: 2 }
    ]
    for (const params of unknown) {
      expect(renderFinding('E_JSON_PARSE', params, 'ru')?.message).toBe('Строка не является правильным JSON: a reason from a newer version (позиция 2).')
      expect(renderFinding('E_JSON_PARSE', params, 'en')?.message).toBe('This line is not valid JSON: a reason from a newer version (column 2).')
    }
    expect(jsonDetail({ detail: 'whatever' }, 'ru')).toBeNull()
  })

  it('leaves the params it was given untouched', () => {
    const params = keyed('unexpected_char')
    const copy = { ...params }
    renderFinding('E_JSON_PARSE', params, 'ru')
    expect(params).toEqual(copy)
  })
})
