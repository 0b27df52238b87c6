// The retry rules: which statuses, how long to wait, and the server's word winning.
import { describe, expect, it } from 'vitest'
import { backoffMs, isRetryableStatus, serverRetryAfterMs } from '../../../src/core/http/retry-policy'

describe('retry policy', () => {
  it.each([408, 409, 429, 500, 502, 503, 504])('retries %i', (s) => expect(isRetryableStatus(s, {})).toBe(true))
  it.each([400, 401, 403, 404, 413, 422])('does not retry %i', (s) => expect(isRetryableStatus(s, {})).toBe(false))
  it('never retries an exhausted quota', () => expect(isRetryableStatus(429, {}, 'insufficient_quota')).toBe(false))
  it('lets x-should-retry override the status', () => {
    expect(isRetryableStatus(400, { 'x-should-retry': 'true' })).toBe(true)
    expect(isRetryableStatus(503, { 'x-should-retry': 'false' })).toBe(false)
  })
  it('reads retry-after-ms first, then Retry-After in seconds or as a date, up to 60 s', () => {
    expect(serverRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250)
    expect(serverRetryAfterMs({ 'retry-after': '3' })).toBe(3000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(serverRetryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, now)).toBe(10_000)
    expect(serverRetryAfterMs({ 'retry-after': '600' })).toBeUndefined()
    expect(serverRetryAfterMs({ 'retry-after': 'soon' })).toBeUndefined()
  })
  it('backs off exponentially with at most 25% jitter, capped', () => {
    expect(backoffMs(0, () => 0)).toBe(500)
    expect(backoffMs(3, () => 0)).toBe(4000)
    expect(backoffMs(3, () => 1)).toBe(3000)
    expect(backoffMs(5, () => 0)).toBe(8000)
    expect(backoffMs(20, () => 0)).toBe(30_000)
  })
})
