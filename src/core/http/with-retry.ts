// Runs an operation until it succeeds or fails for good: transient faults are retried with backoff for as long as the job is active.
import { asFerryError, type FerryError } from '../errors'
import { retryDelayMs } from './retry-policy'

export interface RetryNotice {
  attempt: number
  delayMs: number
  error: FerryError
}

export interface RetryOptions {
  signal?: AbortSignal
  onRetry?: (notice: RetryNotice) => void
  /** Unbounded by default: a job keeps trying while it is active. */
  maxAttempts?: number
  /** Runs before a retry; may throw to stop (e.g. the upload session expired, or the file changed). */
  beforeRetry?: (error: FerryError) => Promise<void> | void
}

export async function withRetry<T>(op: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt)
    } catch (raw) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? raw
      const err = asFerryError(raw)
      if (!err.retryable || attempt + 1 >= (opts.maxAttempts ?? Infinity)) throw err
      const delayMs = retryDelayMs(err, attempt)
      opts.onRetry?.({ attempt: attempt + 1, delayMs, error: err })
      await sleep(delayMs, opts.signal)
      await opts.beforeRetry?.(err)
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(done, ms)
    function done(): void {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    function onAbort(): void {
      clearTimeout(t)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
