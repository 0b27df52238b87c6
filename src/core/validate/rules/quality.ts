// Dataset-quality checks on message text (§4.12): empty and spreadsheet-leftover contents.
import type { RuleContext } from './context'

const SUSPICIOUS = new Set(['nan', 'NaN', 'None', 'null', 'undefined', '[object Object]'])

/** True when the text is "" or whitespace only. */
export function isBlankText(s: string): boolean {
  return s.length === 0 || s.trim().length === 0
}

/** W_SUSPICIOUS_CONTENT for a text that is a spreadsheet's empty-cell marker. Cheap: only short texts are looked at. */
export function checkSuspicious(text: string, ctx: RuleContext): void {
  if (text.length > 24) return
  const t = text.trim()
  if (SUSPICIOUS.has(t)) ctx.sink.add('W_SUSPICIOUS_CONTENT', { v: t })
}
