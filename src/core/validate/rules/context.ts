// What a rule sees: the profile, where to write findings, and whether a code is checked under this profile.
import type { Code } from '../codes'
import type { LineSink } from '../findings'
import type { ValidationProfile } from '../profiles'

export interface RuleContext {
  profile: ValidationProfile
  sink: LineSink
}

export function checks(ctx: RuleContext, code: Code): boolean {
  return ctx.profile.severities[code] !== '-'
}

export function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  switch (typeof v) {
    case 'string':
      return 'text'
    case 'number':
      return 'a number'
    case 'boolean':
      return v ? 'true' : 'false'
    case 'object':
      return 'an object'
    default:
      return typeof v
  }
}

/** Shortens a value for a message, keeping it on one line. */
export function clip(s: string, max = 60): string {
  const one = s.replace(/[\r\n\t]+/g, ' ')
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

export { formatBytes } from '../../units'
