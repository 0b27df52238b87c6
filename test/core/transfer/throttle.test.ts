// The bandwidth limit: a token bucket that lets a quarter second through at once, then makes the sender wait its share.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Throttle } from '../../../src/core/transfer/throttle'

// The clock stands still unless a test moves it: a pause between two calls must not refill the bucket.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(1_700_000_000_000)
})
afterEach(() => vi.useRealTimers())

describe('Throttle', () => {
  it('lets a small burst through, then asks to wait as long as the bytes take at the limit', () => {
    const t = new Throttle(1000)
    expect(t.take(250)).toBe(0)
    expect(t.take(1000)).toBe(1000)
    vi.advanceTimersByTime(500)
    expect(t.take(100)).toBe(600)
  })
})

describe('Throttle.setRate', () => {
  it('applies a new limit at once, and Infinity lifts it', () => {
    const t = new Throttle(1000)
    t.take(250)
    t.setRate(100)
    expect(t.take(100)).toBe(1000)
    t.setRate(Infinity)
    expect(t.take(10_000_000)).toBe(0)
  })
})
