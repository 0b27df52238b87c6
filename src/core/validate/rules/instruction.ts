// Prompt/completion ("legacy", TG "instruction") lines (§4.9) and plain-text lines (TG/MI pretraining).
import type { JsonObject } from '../detect'
import type { RuleContext } from './context'

export function checkInstructionLine(o: JsonObject, ctx: RuleContext): void {
  const { sink } = ctx
  if (o.prompt === undefined || o.completion === undefined) return sink.add('E_LEGACY_MISSING_FIELD')
  // Together also takes a list of parts for either field.
  const listsOk = ctx.profile.id === 'together'
  for (const field of ['prompt', 'completion'] as const) {
    const v = o[field]
    if (typeof v !== 'string' && !(listsOk && Array.isArray(v))) sink.add('E_LEGACY_FIELD_NOT_STRING', { field })
  }
  if (typeof o.completion === 'string' && o.completion.trim().length === 0) sink.add('W_EMPTY_COMPLETION')
  for (const k in o) {
    if (k !== 'prompt' && k !== 'completion') {
      sink.add('W_LEGACY_EXTRA_KEY', { key: k })
      break
    }
  }
}

export function checkTextLine(o: JsonObject, ctx: RuleContext): void {
  if (typeof o.text !== 'string') ctx.sink.add('E_LEGACY_FIELD_NOT_STRING', { field: 'text' })
  for (const k in o) {
    if (!ctx.profile.topLevelKeys.text.includes(k)) {
      ctx.sink.add('E_UNKNOWN_TOP_LEVEL_KEY', { key: k, allowed: ctx.profile.topLevelKeys.text.map((a) => `"${a}"`).join(', ') })
      break
    }
  }
}
