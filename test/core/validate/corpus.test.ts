// The shared corpus passes entry for entry under §7's matching rule: same error set, same warning set, valid = no errors.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateFile } from '../../../src/core/validate'
import type { ProfileId, PurposeChoice, TrainingMethod } from '../../../src/shared/validation'

const CORPUS = join(import.meta.dirname, '../../../../shared/corpus')

interface Entry {
  file: string
  purpose: PurposeChoice
  provider: ProfileId
  method: TrainingMethod | null
  valid: boolean
  errors: { line: number | null; code: string }[]
  warnings: { line: number | null; code: string }[]
  description: string
}

const entries = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Entry[]
const key = (f: { line: number | null; code: string }): string => `${f.line ?? 'file'}:${f.code}`
const set = (list: { line: number | null; code: string }[]): string[] => [...new Set(list.map(key))].sort()

describe('validation corpus (shared/corpus/expected.json)', () => {
  it('has entries to check', () => {
    expect(entries.length).toBeGreaterThan(50)
  })
  for (const e of entries) {
    it(`${e.file} [${e.provider}]: ${e.description}`, async () => {
      const report = await validateFile(join(CORPUS, e.file), { purpose: e.purpose, profile: e.provider, method: e.method, all: true })
      expect({ errors: set(report.errors), warnings: set(report.warnings), valid: report.valid }).toEqual({
        errors: set(e.errors),
        warnings: set(e.warnings),
        valid: e.valid
      })
    })
  }
})
