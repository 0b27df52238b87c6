// Validates `expires_after` (anchor + seconds) and computes a File's `expires_at`, following OAS FileExpirationAfter.
import { invalidValue, missingParam } from './errors'

export const MIN_EXPIRY_SECONDS = 3600
export const MAX_EXPIRY_SECONDS = 2_592_000
/** "By default, files with purpose=batch expire after 30 days" (OAS FileExpirationAfter). */
const BATCH_DEFAULT_SECONDS = 30 * 24 * 3600

/**
 * Returns the validated seconds, or null when neither part was given. Multipart sends both as strings, JSON as
 * string + integer; both are accepted here.
 */
export function parseExpiresAfter(anchor: unknown, seconds: unknown): number | null {
  if (anchor === undefined && seconds === undefined) return null
  if (anchor === undefined) return missingParamThrow('expires_after.anchor')
  if (seconds === undefined) return missingParamThrow('expires_after.seconds')
  if (anchor !== 'created_at') {
    throw invalidValue('expires_after.anchor', `Invalid value for 'expires_after.anchor': expected 'created_at'.`)
  }
  const value = typeof seconds === 'string' && /^\d+$/.test(seconds.trim()) ? Number(seconds) : seconds
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidValue('expires_after.seconds', `Invalid value for 'expires_after.seconds': expected an integer.`)
  }
  if (value < MIN_EXPIRY_SECONDS || value > MAX_EXPIRY_SECONDS) {
    throw invalidValue(
      'expires_after.seconds',
      `Invalid 'expires_after.seconds': ${value}. It must be between ${MIN_EXPIRY_SECONDS} (1 hour) and ${MAX_EXPIRY_SECONDS} (30 days).`
    )
  }
  return value
}

function missingParamThrow(param: string): never {
  throw missingParam(param)
}

/** `expires_at` of a new File: the explicit policy, else 30 days for batch, else never. */
export function fileExpiresAt(createdAt: number, purpose: string, expiresAfterSeconds: number | null): number | null {
  if (expiresAfterSeconds !== null) return createdAt + expiresAfterSeconds
  return purpose === 'batch' ? createdAt + BATCH_DEFAULT_SECONDS : null
}

export const isExpired = (expiresAt: number | null, nowMs: number): boolean =>
  expiresAt !== null && nowMs > expiresAt * 1000
