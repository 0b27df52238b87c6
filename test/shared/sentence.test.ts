// Issue 9 item 18: a sentence that begins with a name ("the Ferry sandbox", "the provider") begins with a capital letter,
// in the engine's messages and in both languages of the UI; host and file names keep their case.
import { describe, expect, it } from 'vitest'
import { httpError, networkError } from '../../src/core/http/errors'
import { PROVIDER_NAMES } from '../../src/core/providers'
import { present } from '../../src/host/messages'
import { createTranslator, MESSAGES, type Language, type TextKey } from '../../src/shared/locale'
import { PROVIDER_IDS } from '../../src/shared/accounts'
import { providerName } from '../../src/shared/messages'
import { capitalize } from '../../src/shared/sentence'

/** Every sentence of `text` (after . ! ? and a space) starts with something other than a lower-case letter. */
function sentencesStartCapitalised(text: string): boolean {
  return !/(^|[.!?] )\p{Ll}/u.test(text)
}

describe('capitalize', () => {
  it('capitalises the first letter in either language, and leaves host and file names as written', () => {
    expect(capitalize('the Ferry sandbox could not find it (404).')).toBe('The Ferry sandbox could not find it (404).')
    expect(capitalize('песочница Ferry не отвечает.')).toBe('Песочница Ferry не отвечает.')
    expect(capitalize('api.example.com did not answer in time.')).toBe('api.example.com did not answer in time.')
    expect(capitalize('train.jsonl is empty.')).toBe('train.jsonl is empty.')
    expect(capitalize('OpenAI')).toBe('OpenAI')
  })
})

describe('engine messages that begin with a provider’s name', () => {
  it.each(Object.values(PROVIDER_NAMES))('%s: every sentence begins with a capital', (name) => {
    for (const status of [401, 403, 404, 413, 429, 500, 400]) {
      const e = httpError(status, {}, JSON.stringify({ error: { message: 'No such File object: file-x' } }), name)
      expect(sentencesStartCapitalised(e.message), e.message).toBe(true)
    }
    const timeout = networkError(Object.assign(new Error('t'), { code: 'ETIMEDOUT' }), name)
    expect(sentencesStartCapitalised(timeout.message), timeout.message).toBe(true)
    for (const code of ['auth_failed', 'server_error']) {
      const shown = present({ code, message: '', hint: '' }, { provider: name, account: 'Work' })
      expect(sentencesStartCapitalised(shown.message), shown.message).toBe(true)
    }
  })

  it('says "The Ferry sandbox could not find it (404). The Ferry sandbox said: …"', () => {
    const e = httpError(404, {}, JSON.stringify({ error: { message: 'No such File object: file-x' } }), PROVIDER_NAMES.sandbox)
    expect(e.message).toBe('The Ferry sandbox could not find it (404). The Ferry sandbox said: "No such File object: file-x"')
  })
})

describe('UI texts that begin with a provider’s name', () => {
  it.each(['en', 'ru'] as Language[])('%s: begin with a capital for every provider', (lang) => {
    const tr = createTranslator(lang)
    const keys = Object.entries(MESSAGES[lang])
      .filter(([, v]) => typeof v === 'string' && v.startsWith('{provider}'))
      .map(([k]) => k as TextKey)
    expect(keys.length).toBeGreaterThan(3)
    for (const id of PROVIDER_IDS) {
      const provider = providerName(tr, id)
      for (const key of keys) {
        const text = tr.t(key, { provider, account: 'Work', name: 'a.jsonl', n: 3 })
        expect(text.charAt(0), `${lang} ${key} ${id}`).toBe(text.charAt(0).toLocaleUpperCase())
      }
    }
  })
})
