// Every handler resolves to a Result: errors are values with a code, plain words and a hint, never a stack.
import type { Result } from '../../shared/api'
import { asFerryError } from '../../core/errors'

export function wrap<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<Result<T>> {
  return async (...args) => {
    try {
      return { ok: true, value: await fn(...args) }
    } catch (err) {
      return { ok: false, error: asFerryError(err).toInfo() }
    }
  }
}
