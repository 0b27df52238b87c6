// Every code in the catalogue (parsed from validation-rules.md and Ferry's additions, so the list cannot drift) has a message and a hint.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CODES, EN, OPENAI } from '../../../src/core/validate'
import { fill } from '../../../src/shared/locale/fill'

// The shared catalogue and Ferry's own rows (docs/validation-rules-additions.md), read as one.
const CATALOGUE = ['../../../../shared/design/validation-rules.md', '../../../docs/validation-rules-additions.md']
  .map((path) => readFileSync(join(import.meta.dirname, path), 'utf8'))
  .join('\n')
// Codes appear as table rows (`| E_X |`, `| E_X (F) |`) and in §4.13's back-quoted list of I_ codes.
const catalogueCodes = [...new Set([...CATALOGUE.matchAll(/^\| ([EWI]_[A-Z0-9_]+)(?: \(F\))? \|/gm), ...CATALOGUE.matchAll(/`(I_[A-Z0-9_]+)`/g)].map((m) => m[1] as string))]

describe('message catalogue', () => {
  it('finds the catalogue codes in validation-rules.md', () => {
    expect(catalogueCodes.length).toBeGreaterThan(100)
    expect(catalogueCodes).toContain('E_JSON_PARSE')
  })

  it.each(catalogueCodes)('%s has a message and a hint', (code) => {
    const text = (EN as Record<string, { message: string; hint: string }>)[code]
    expect(text, `${code} missing from the English table`).toBeDefined()
    expect(text?.message.trim().length).toBeGreaterThan(5)
    expect(text?.hint.trim().length).toBeGreaterThan(5)
    expect(code in CODES).toBe(true)
  })

  it('keeps the catalogue wording of every table message', () => {
    // A count's word forms ({n:example|examples}) read as the catalogue's plural ("examples").
    const asCatalogue = (message: string | undefined): string | undefined => message?.replace(/\{\w+:(?:[^{}|]*\|)*([^{}|]*)\}/g, '$1')
    for (const m of CATALOGUE.matchAll(/^\| ([EW]_[A-Z0-9_]+)(?: \(F\))? \| [^|]+ \| [^|]+ \| ([^|]+) \|/gm)) {
      expect(asCatalogue((EN as Record<string, { message: string }>)[m[1] as string]?.message)).toBe((m[2] as string).trim())
    }
  })

  it('knows no code the catalogue lacks', () => {
    expect(Object.keys(CODES).filter((c) => !catalogueCodes.includes(c))).toEqual([])
  })

  it('takes each code’s OpenAI severity from its prefix', () => {
    for (const code of catalogueCodes) {
      const sev = OPENAI.severities[code as keyof typeof CODES]
      if (sev !== '-') expect(sev).toBe(code[0])
    }
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Line {n} is {size} long', { n: 3, size: '40 MB' })).toBe('Line 3 is 40 MB long')
    expect(fill('{missing}', {})).toBe('{missing}')
  })
})
