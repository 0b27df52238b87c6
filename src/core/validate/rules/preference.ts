// Preference / DPO lines (§4.7): input, the two one-message outputs, and the chat rules on input.messages.
import { isObject, type JsonObject } from '../detect'
import { checkMessageList, checkTopLevelKeys, emptySummary, type ChatSummary } from './chat'
import type { RuleContext } from './context'
import { isBlankText } from './quality'
import { checkToolDefinitions } from './tools'

const FIELDS = ['input', 'preferred_output', 'non_preferred_output'] as const

export function checkPreferenceLine(o: JsonObject, ctx: RuleContext): ChatSummary {
  const summary = emptySummary()
  const { sink } = ctx
  for (const field of FIELDS) {
    if (o[field] === undefined || o[field] === null) {
      sink.add('E_DPO_MISSING_FIELD', { field })
      return summary
    }
  }
  checkTopLevelKeys(o, ctx.profile.topLevelKeys.preference, ctx)
  const input = o.input
  if (!isObject(input) || !Array.isArray(input.messages) || input.messages.length === 0) sink.add('E_DPO_INPUT_INVALID')
  else {
    const scope = checkToolDefinitions(input, ctx)
    checkMessageList(input.messages, 'dpo', scope, ctx, summary)
    const last = input.messages[input.messages.length - 1]
    if (isObject(last) && last.role === 'assistant') sink.add('W_DPO_INPUT_ENDS_WITH_ASSISTANT')
  }
  const preferred = checkOutput(o, 'preferred_output', ctx, summary)
  const other = checkOutput(o, 'non_preferred_output', ctx, summary)
  if (preferred !== undefined && other !== undefined && sameContent(preferred, other)) sink.add('W_DPO_IDENTICAL_OUTPUTS')
  if (summary.images > 0) sink.add('E_IMAGES_NOT_SUPPORTED_FOR_METHOD')
  return summary
}

/** Checks one output list; returns its message's content when the shape is right. */
function checkOutput(o: JsonObject, field: string, ctx: RuleContext, summary: ChatSummary): unknown {
  const out = o[field]
  if (!Array.isArray(out)) return void ctx.sink.add('E_DPO_OUTPUT_NOT_ARRAY', { field })
  if (out.length !== 1) return void ctx.sink.add('E_DPO_OUTPUT_COUNT', { field, n: out.length })
  const m = out[0]
  if (!isObject(m) || m.role !== 'assistant' || m.content === undefined || m.content === null)
    return void ctx.sink.add('E_DPO_OUTPUT_ROLE', { field })
  // "" is an empty answer, not a missing one (§4.12; Together's own check takes it): a warning. {i} names the list.
  if (typeof m.content === 'string' && isBlankText(m.content)) ctx.sink.add('W_EMPTY_CONTENT', { i: field, role: 'assistant' })
  summary.messages++
  summary.hasAssistant = true
  return m.content
}

function sameContent(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b
  return JSON.stringify(a) === JSON.stringify(b)
}
