// Usage errors (exit code 2) and the CLI's exit codes, in one place scripts can read.
import { FerryError } from '../core/errors'

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 3 } as const

export function usageError(message: string): FerryError {
  return new FerryError('usage', message, { hint: 'See ferry --help.' })
}
