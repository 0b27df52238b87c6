// Holds back progress events so that React sees at most one update per interval (UI.md §2: ≤ 2 updates/s per job).
import type { ProgressEvent } from './reducers'

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>)
}

export interface ProgressThrottle {
  push(ev: ProgressEvent): void
  /** Forgets a job's pending progress (a newer job event supersedes it). */
  drop(jobId: string): void
  /** Delivers everything pending now. */
  flush(): void
  dispose(): void
}

/** Keeps only the newest event per job and delivers them together, at most once every `intervalMs`. */
export function createProgressThrottle(deliver: (events: ProgressEvent[]) => void, intervalMs = 500, clock: Clock = realClock): ProgressThrottle {
  const pending = new Map<string, ProgressEvent>()
  let lastFlush = -Infinity
  let timer: unknown = null

  const flush = (): void => {
    if (timer !== null) clock.clearTimeout(timer)
    timer = null
    if (pending.size === 0) return
    const events = [...pending.values()]
    pending.clear()
    lastFlush = clock.now()
    deliver(events)
  }

  return {
    push(ev) {
      pending.set(ev.jobId, ev)
      if (timer !== null) return
      const wait = lastFlush + intervalMs - clock.now()
      if (wait <= 0) flush()
      else timer = clock.setTimeout(flush, wait)
    },
    drop(jobId) {
      pending.delete(jobId)
    },
    flush,
    dispose() {
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      pending.clear()
    }
  }
}
