// Chat examples (§4.4, with §4.5–4.6 and §4.8): SFT lines, RFT lines, and the message list shared with DPO's input.
import { isObject, type JsonObject } from '../detect'
import { checkContentParts } from './content'
import { checks, typeName, type RuleContext } from './context'
import { checkSuspicious, isBlankText } from './quality'
import { checkAssistantCalls, checkToolDefinitions, checkToolResult, type ToolScope } from './tools'

export type ChatKind = 'sft' | 'rft' | 'dpo'

export interface ChatSummary {
  messages: number
  images: number
  webImages: number
  hasAssistant: boolean
  /** Top-level keys besides messages/tools (the RFT signal, §2). */
  hasExtraKeys: boolean
  hasSystem: boolean
  usesFunctions: boolean
}

const ROLE_HINTS: Record<string, string> = { human: 'user', gpt: 'assistant', bot: 'assistant', model: 'assistant', ai: 'assistant' }

export function emptySummary(): ChatSummary {
  return { messages: 0, images: 0, webImages: 0, hasAssistant: false, hasExtraKeys: false, hasSystem: false, usesFunctions: false }
}

/** A whole chat line (SFT or RFT). The caller has checked that the line has the chat signature. */
export function checkChatLine(o: JsonObject, kind: 'sft' | 'rft', ctx: RuleContext): ChatSummary {
  const summary = emptySummary()
  const messages = o.messages
  for (const k in o) {
    if (k !== 'messages' && k !== 'tools') summary.hasExtraKeys = true
  }
  if (messages === null || messages === undefined) {
    ctx.sink.add('E_MISSING_MESSAGES')
    return summary
  }
  // RFT lines may carry grader reference fields next to messages (§4.8).
  if (kind === 'sft') checkTopLevelKeys(o, ctx.profile.topLevelKeys.chat, ctx)
  const scope = checkToolDefinitions(o, ctx)
  summary.usesFunctions = o.functions !== undefined
  if (!Array.isArray(messages)) {
    ctx.sink.add('E_MESSAGES_NOT_ARRAY')
    return summary
  }
  if (messages.length === 0) {
    ctx.sink.add('E_MESSAGES_EMPTY')
    return summary
  }
  checkMessageList(messages, kind, scope, ctx, summary)
  return summary
}

/** E_UNKNOWN_TOP_LEVEL_KEY for the first key outside `allowed`. */
export function checkTopLevelKeys(o: JsonObject, allowed: string[], ctx: RuleContext): void {
  if (!checks(ctx, 'E_UNKNOWN_TOP_LEVEL_KEY')) return
  for (const k in o) {
    if (!allowed.includes(k)) {
      ctx.sink.add('E_UNKNOWN_TOP_LEVEL_KEY', { key: k, allowed: allowed.map((a) => `"${a}"`).join(', ') })
      return
    }
  }
}

/** Checks a non-empty list of messages; fills `summary`. */
export function checkMessageList(messages: unknown[], kind: ChatKind, scope: ToolScope, ctx: RuleContext, summary: ChatSummary): void {
  const { profile, sink } = ctx
  const allowed = kind === 'rft' ? profile.roles.rft : profile.roles.sft
  const warned = kind === 'rft' ? profile.roles.rftWarn : profile.roles.sftWarn
  const checkKeys = checks(ctx, 'E_UNKNOWN_MESSAGE_KEY')
  const mistral = profile.id === 'mistral'
  const together = profile.id === 'together'
  let structural = false
  let hasUser = false
  let prev: string | null = null
  let last: string | null = null
  let strings = 0
  let lists = 0
  let assistants = 0
  let untrained = 0
  // Mistral pairs calls and results by count, one assistant turn at a time (§4.6; mistral-common's validator).
  let turnCalls = 0
  let turnResults = 0
  let countsDiffer: string | null = null
  const issued: string[] = []
  summary.messages += messages.length

  for (let idx = 0; idx < messages.length; idx++) {
    const m = messages[idx]
    const i = idx + 1
    // A message that can't be read has no role to compare: the order rules compare adjacent messages only (§4.4).
    if (!isObject(m)) {
      sink.add('E_MESSAGE_NOT_OBJECT', { i })
      structural = true
      prev = null
      continue
    }
    const role = m.role
    if (role === undefined) {
      sink.add('E_MISSING_ROLE', { i })
      structural = true
      prev = null
      continue
    }
    if (typeof role !== 'string' || (!allowed.includes(role) && !warned.includes(role))) {
      const name = typeof role === 'string' ? role : JSON.stringify(role)
      const suggestion = ROLE_HINTS[String(role).toLowerCase()]
      sink.add('E_UNKNOWN_ROLE', { role: name, allowed: allowed.join(', '), ...(suggestion ? { suggestion } : {}) })
      structural = true
      prev = null
      continue
    }
    if (warned.includes(role)) sink.add(kind === 'rft' ? 'W_RFT_SYSTEM_ROLE' : 'W_DEVELOPER_ROLE_IN_SFT')
    if (role === 'system') summary.hasSystem = true

    // Keys outside the role's allow-list.
    const weight = m.weight
    if (weight !== undefined) {
      if (weight !== 0 && weight !== 1) sink.add('E_INVALID_WEIGHT')
      if (role !== 'assistant') sink.add('W_WEIGHT_ON_NON_ASSISTANT')
    }
    if (checkKeys) {
      const keys = profile.messageKeys[role]
      if (keys) {
        for (const k in m) {
          if (!keys.includes(k) && k !== 'weight') {
            sink.add('E_UNKNOWN_MESSAGE_KEY', { key: k, role })
            break
          }
        }
      }
    }

    // Content.
    const content = m.content
    const withCalls = role === 'assistant' && (m.tool_calls !== undefined || m.function_call !== undefined)
    let images = 0
    if (mistral && role === 'assistant') {
      const text = (typeof content === 'string' && content.length > 0) || (Array.isArray(content) && content.length > 0)
      if (text === (m.tool_calls !== undefined)) sink.add('E_ASSISTANT_CONTENT_AND_TOOL_CALLS')
    }
    if (content === undefined || content === null) {
      if (!(withCalls && profile.assistantContentOptionalWithToolCalls)) sink.add('E_MISSING_CONTENT', { i, role })
    } else if (typeof content === 'string') {
      strings++
      if (!withCalls && isBlankText(content)) sink.add('W_EMPTY_CONTENT', { i, role })
      else checkSuspicious(content, ctx)
    } else if (Array.isArray(content)) {
      lists++
      if (content.length === 0) sink.add('E_EMPTY_CONTENT_ARRAY', { i })
      else {
        const parts = checkContentParts(content, role, ctx)
        images = parts.images
        summary.images += parts.images
        summary.webImages += parts.webImages
        if (parts.blank && !withCalls) sink.add('W_EMPTY_CONTENT', { i, role })
      }
    } else {
      sink.add('E_INVALID_CONTENT_TYPE', { i, type: typeName(content) })
    }
    if (images > 0 && weight !== undefined && weight !== 0) sink.add('E_WEIGHTED_IMAGE_MESSAGE')

    // Role-specific.
    if (role === 'assistant') {
      summary.hasAssistant = true
      assistants++
      if (weight === 0) untrained++
      if (mistral && turnResults !== turnCalls) countsDiffer ??= `${turnCalls} calls, ${turnResults} results`
      turnCalls = withCalls ? checkAssistantCalls(m, scope, issued, ctx) : 0
      turnResults = 0
    } else if (role === 'tool') {
      turnResults++
      checkToolResult(m, issued, ctx, !mistral)
    } else if (role === 'function') {
      if (typeof m.name !== 'string') sink.add('E_FUNCTION_MESSAGE_MISSING_NAME')
    } else if (role === 'user') hasUser = true

    // Order.
    if (together && prev === role) sink.add('E_CONSECUTIVE_SAME_ROLE', { role })
    if (mistral && prev !== null) {
      if (role === 'system' && (prev === 'assistant' || prev === 'tool')) sink.add('E_ROLE_ORDER', { role, prev })
      else if (role === 'tool' && (prev === 'user' || prev === 'system')) sink.add('E_ROLE_ORDER', { role, prev })
    }
    if (role === 'system' && idx > 0 && !mistral) sink.add('W_SYSTEM_NOT_FIRST')
    prev = role
    last = role
  }

  if (mistral && messages.length === 1 && last !== null && last !== 'user' && last !== 'system') sink.add('E_ROLE_ORDER', { role: last, prev: 'the start' })
  // The last turn's calls may stay unanswered: they are what the example teaches (Mistral's own example ends so).
  if (mistral && turnResults > turnCalls) countsDiffer ??= `${turnCalls} calls, ${turnResults} results`
  if (countsDiffer !== null) sink.add('W_TOOL_CALL_ID_UNMATCHED', { id: countsDiffer })
  if (strings > 0 && lists > 0) sink.add('E_MIXED_CONTENT_FORMS')
  if (summary.images > profile.limits.maxImagesPerExample) sink.add('E_TOO_MANY_IMAGES', { n: summary.images })
  if (structural) return
  if (!hasUser) sink.add('W_NO_USER_MESSAGE')
  if (kind === 'sft') {
    if (!summary.hasAssistant) sink.add('E_NO_ASSISTANT_MESSAGE')
    else if (last !== 'assistant' && last !== null) sink.add('W_LAST_MESSAGE_NOT_ASSISTANT', { role: last })
    if (assistants > 0 && untrained === assistants) sink.add('W_NO_TRAINABLE_ASSISTANT')
  } else if (kind === 'rft') {
    if (last !== 'user' && last !== 'developer') sink.add('W_RFT_LAST_NOT_USER')
  }
}
