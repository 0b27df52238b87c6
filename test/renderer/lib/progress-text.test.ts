import { describe, expect, it } from 'vitest'
import { createTranslator } from '../../../src/shared/locale'
import { progressText } from '../../../src/renderer/src/lib/progress-text'

const GB = 1024 ** 3
const tr = createTranslator('en')
const view = { percent: 60, sent: 1.2 * GB, total: 2 * GB, speed: 38 * 1024 ** 2, stalled: false, preparing: false, running: true }

describe('progress words', () => {
  it('say amount, speed and time left, with long units for screen readers', () => {
    const p = progressText(tr, { ...view, etaSeconds: 185 })
    expect(p.parts.join(' · ')).toBe('1.2 GB of 2.0 GB · 38 MB/s · about 3 min left')
    expect(p.valuetext).toBe('1.2 GB of 2.0 GB, about 3 minutes left')
  })

  it('say "Estimating…" while the time left is unknown', () => {
    expect(progressText(tr, { ...view, etaSeconds: null }).parts.at(-1)).toBe('Estimating…')
  })

  it('give only the amount when nothing is moving (paused, waiting)', () => {
    const p = progressText(tr, { ...view, running: false, speed: 0, etaSeconds: null })
    expect(p.parts).toEqual(['1.2 GB of 2.0 GB'])
    expect(p.valuetext).toBe('1.2 GB of 2.0 GB')
  })
})
