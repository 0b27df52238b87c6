// The store's clock: when events arrive (ETA delay, stall, countdowns) and when toasts go; tests pass their own.
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms)
}
