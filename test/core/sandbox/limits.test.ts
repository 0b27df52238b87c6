// Proves how sandbox limits resolve: defaults, then FERRY_SANDBOX_LIMITS, then explicit options; bad input is refused.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, LIMITS_ENV, resolveLimits } from '../../../src/core/sandbox'

describe('resolveLimits', () => {
  it("uses OpenAI's published limits by default", () => {
    expect(resolveLimits(undefined, {})).toEqual({
      maxFileBytes: 512 * 1024 * 1024,
      maxUploadBytes: 8 * 1024 * 1024 * 1024,
      maxPartBytes: 64 * 1024 * 1024,
      uploadTtlSeconds: 3600,
      maxListLimit: 10_000
    })
  })

  it('lets FERRY_SANDBOX_LIMITS override the defaults, and explicit options override both', () => {
    const env = { [LIMITS_ENV]: JSON.stringify({ maxPartBytes: 1000, uploadTtlSeconds: 5 }) }
    expect(resolveLimits(undefined, env)).toEqual({ ...DEFAULT_LIMITS, maxPartBytes: 1000, uploadTtlSeconds: 5 })
    expect(resolveLimits({ uploadTtlSeconds: 60 }, env)).toEqual({ ...DEFAULT_LIMITS, maxPartBytes: 1000, uploadTtlSeconds: 60 })
  })

  it('refuses malformed JSON, unknown names and non-positive values', () => {
    expect(() => resolveLimits(undefined, { [LIMITS_ENV]: '{' })).toThrow(LIMITS_ENV)
    expect(() => resolveLimits(undefined, { [LIMITS_ENV]: '{"maxBytes":1}' })).toThrow('maxBytes')
    expect(() => resolveLimits({ maxPartBytes: 0 }, {})).toThrow('maxPartBytes')
  })
})
