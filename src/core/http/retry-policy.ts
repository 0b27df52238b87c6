// When to try a request again and how long to wait: the official SDKs' rules, plus Ferry's "keep going while the job is active".
import { FerryError } from '../errors'

const MAX_SERVER_WAIT_MS = 60_000

/** Statuses a retry can fix (openai-node's shouldRetry), unless the server says otherwise. */
export function isRetryableStatus(status: number, headers: Record<string, string | string[] | undefined>, errorCode?: string | null): boolean {
  const hint = headers['x-should-retry']
  if (hint === 'true') return true
  if (hint === 'false') return false
  if (status === 429 && errorCode === 'insufficient_quota') return false
  return status === 408 || status === 409 || status === 429 || status >= 500
}

/** The server's requested wait (`retry-after-ms`, then `Retry-After` in seconds or as a date), if sane. */
export function serverRetryAfterMs(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const ms = Number(headers['retry-after-ms'])
  if (Number.isFinite(ms) && ms > 0 && ms <= MAX_SERVER_WAIT_MS) return ms
  const raw = headers['retry-after']
  if (typeof raw !== 'string') return undefined
  const secs = Number(raw)
  const wait = Number.isFinite(secs) ? secs * 1000 : Date.parse(raw) - now
  return wait > 0 && wait <= MAX_SERVER_WAIT_MS ? wait : undefined
}

/** Exponential backoff with up to 25% jitter: 0.5 s, 1 s, 2 s … capped (8 s like the SDKs, longer once a job has been failing a while). */
export function backoffMs(attempt: number, random = Math.random): number {
  const cap = attempt < 6 ? 8_000 : 30_000
  const base = Math.min(500 * 2 ** attempt, cap)
  return Math.round(base * (1 - 0.25 * random()))
}

export function retryDelayMs(err: FerryError, attempt: number): number {
  return err.retryAfterMs ?? backoffMs(attempt)
}
