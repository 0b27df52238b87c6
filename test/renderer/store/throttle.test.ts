import { describe, expect, it } from 'vitest'
import { createProgressThrottle, type Clock } from '../../../src/renderer/src/store/throttle'
import type { ProgressEvent } from '../../../src/renderer/src/store/reducers'

function manualClock() {
  let now = 0
  let timers: { at: number; fn: () => void; id: number }[] = []
  let ids = 0
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++ids
      timers.push({ at: now + ms, fn, id })
      return id
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h)
    }
  }
  const advance = (ms: number) => {
    now += ms
    for (const t of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((x) => x !== t)
      t.fn()
    }
  }
  return { clock, advance }
}

const ev = (jobId: string, sent: number): ProgressEvent => ({ type: 'progress', jobId, sent, total: 100, speed: 1, etaSeconds: 1 })

describe('progress throttle', () => {
  it('delivers at most two updates a second however many events arrive', () => {
    const { clock, advance } = manualClock()
    const batches: ProgressEvent[][] = []
    const t = createProgressThrottle((e) => batches.push(e), 500, clock)
    for (let i = 0; i < 100; i++) {
      t.push(ev('a', i))
      advance(10) // 100 events over one second
    }
    advance(500)
    expect(batches.length).toBeLessThanOrEqual(3)
    expect(batches.at(-1)?.[0]?.sent).toBe(99)
  })

  it('keeps only the newest event per job and delivers jobs together', () => {
    const { clock, advance } = manualClock()
    const batches: ProgressEvent[][] = []
    const t = createProgressThrottle((e) => batches.push(e), 500, clock)
    t.push(ev('a', 1)) // first goes at once
    t.push(ev('a', 2))
    t.push(ev('b', 5))
    t.push(ev('a', 3))
    advance(500)
    expect(batches).toEqual([[ev('a', 1)], [ev('a', 3), ev('b', 5)]])
  })

  it('forgets a dropped job', () => {
    const { clock, advance } = manualClock()
    const batches: ProgressEvent[][] = []
    const t = createProgressThrottle((e) => batches.push(e), 500, clock)
    t.push(ev('a', 1))
    t.push(ev('a', 2))
    t.drop('a')
    advance(1000)
    expect(batches).toEqual([[ev('a', 1)]])
  })
})
