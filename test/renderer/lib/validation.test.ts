import { describe, expect, it } from 'vitest'
import { createTranslator } from '../../../src/shared/locale'
import { groupFindings, groupWhere, showInvisibles, snippetPieces } from '../../../src/renderer/src/lib/validation'
import { report } from '../fake-bridge'

const tr = createTranslator('en')
const f = (line: number | null, code: string) => ({ line, code, message: `${code} msg`, hint: 'hint', params: {} })

describe('groups of findings', () => {
  it('puts errors first, then the most frequent', () => {
    const r = report({
      valid: false,
      errors: [f(5, 'E_A'), f(2, 'E_B'), f(3, 'E_B')],
      warnings: [f(1, 'W_C'), f(4, 'W_C'), f(6, 'W_C')],
      counts: [
        { code: 'E_A', severity: 'error', total: 1, listed: 1 },
        { code: 'E_B', severity: 'error', total: 2, listed: 2 },
        { code: 'W_C', severity: 'warning', total: 3, listed: 3 }
      ]
    })
    expect(groupFindings(r).map((g) => g.code)).toEqual(['E_B', 'E_A', 'W_C'])
  })

  it('names the lines: one, two, two and N more, or the whole file', () => {
    const where = (lines: (number | null)[], total: number) => {
      const r = report({ errors: lines.map((l) => f(l, 'E_X')), counts: [{ code: 'E_X', severity: 'error', total, listed: lines.length }] })
      return groupWhere(tr, groupFindings(r)[0]!)
    }
    expect(where([3], 1)).toBe('Line 3')
    expect(where([8, 3], 2)).toBe('Line 3 and 8')
    expect(where([3, 8, 20], 43)).toBe('Line 3, 8 and 41 more')
    expect(where([null], 1)).toBe('Whole file')
  })
})

describe('snippets', () => {
  it('shows invisible characters as visible marks', () => {
    expect(showInvisibles('\uFEFF{"a":\t1}\u2028')).toBe('[BOM]{"a":→1}[LS]')
    expect(showInvisibles('x\uD83Dy')).toBe('x\uFFFDy')
    expect(showInvisibles('ok 😀')).toBe('ok 😀')
  })

  it('cuts long lines to ≤ 160 characters around the problem', () => {
    const text = 'a'.repeat(500) + 'BAD' + 'b'.repeat(500)
    const p = snippetPieces({ text, start: 500, end: 503 })
    expect(p.mark).toBe('BAD')
    expect((p.before + p.mark + p.after).replace(/…/g, '').length).toBeLessThanOrEqual(160)
    expect(p.before.startsWith('…')).toBe(true)
    expect(p.after.endsWith('…')).toBe(true)
  })
})
