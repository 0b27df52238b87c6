// The bandwidth limit: a token bucket that lets a quarter second through at once, then makes the sender wait its share.
import { describe, expect, it } from 'vitest'
import { Throttle } from '../../../src/core/transfer/throttle'

describe('Throttle', () => {
  it('lets a small burst through, then asks to wait as long as the bytes take at the limit', () => {
    const t = new Throttle(1000)
    expect(t.take(250)).toBe(0)
    const wait = t.take(1000)
    expect(wait).toBeGreaterThanOrEqual(990)
    expect(wait).toBeLessThanOrEqual(1000)
  })
})

describe('Throttle.setRate', () => {
  it('applies a new limit at once, and Infinity lifts it', () => {
    const t = new Throttle(1000)
    t.take(250)
    t.setRate(100)
    expect(t.take(100)).toBeGreaterThanOrEqual(990)
    t.setRate(Infinity)
    expect(t.take(10_000_000)).toBe(0)
  })
})
