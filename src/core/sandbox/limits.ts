// Resolves the sandbox's size/time limits: OpenAI's published defaults, then FERRY_SANDBOX_LIMITS (JSON), then options.
import { MiB } from '../units'
import type { SandboxLimits } from './types'


/**
 * OpenAI writes "512 MB", "8 GB", "64 MB" without saying 10^6 or 2^20 (UNCONFIRMED, providers.md §1.5); the sandbox
 * uses binary units, which matches the Python SDK's 64 × 1024 × 1024-byte default part size.
 */
export const DEFAULT_LIMITS: SandboxLimits = {
  maxFileBytes: 512 * MiB,
  maxUploadBytes: 8 * 1024 * MiB,
  maxPartBytes: 64 * MiB,
  uploadTtlSeconds: 3600,
  maxListLimit: 10_000
}

export const LIMITS_ENV = 'FERRY_SANDBOX_LIMITS'

function pickLimits(source: unknown, origin: string): Partial<SandboxLimits> {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    throw new Error(`${origin} must be a JSON object of limits`)
  }
  const out: Partial<SandboxLimits> = {}
  for (const [key, value] of Object.entries(source)) {
    if (!(key in DEFAULT_LIMITS)) throw new Error(`${origin}: unknown limit "${key}"`)
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`${origin}: limit "${key}" must be a positive number`)
    }
    out[key as keyof SandboxLimits] = value
  }
  return out
}

/** Defaults < environment < explicit options, so a spawned `ferry sandbox` can be tuned without flags. */
export function resolveLimits(
  explicit: Partial<SandboxLimits> | undefined,
  env: NodeJS.ProcessEnv = process.env
): SandboxLimits {
  const raw = env[LIMITS_ENV]
  let fromEnv: Partial<SandboxLimits> = {}
  if (raw !== undefined && raw.trim() !== '') {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw new Error(`${LIMITS_ENV} is not valid JSON`)
    }
    fromEnv = pickLimits(parsed, LIMITS_ENV)
  }
  return { ...DEFAULT_LIMITS, ...fromEnv, ...pickLimits(explicit ?? {}, 'limits') }
}

/** "536870912 bytes (512 MiB)" — error messages name the limit in both forms. */
export function describeBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GiB'],
    [MiB, 'MiB'],
    [1024, 'KiB']
  ]
  for (const [size, unit] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes} bytes (${bytes / size} ${unit})`
  }
  return `${bytes} bytes`
}
