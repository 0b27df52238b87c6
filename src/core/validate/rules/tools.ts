// Tools and functions (§4.6): definitions, assistant calls, tool results and their ids.
import { isObject, type JsonObject } from '../detect'
import { checks, clip, type RuleContext } from './context'

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/

/** The function names an example defines; null when it defines no tools or functions at all. */
export type ToolScope = Set<string> | null

export function checkToolDefinitions(o: JsonObject, ctx: RuleContext): ToolScope {
  const { tools, functions } = o
  if (tools === undefined && functions === undefined) {
    if (o.parallel_tool_calls !== undefined && typeof o.parallel_tool_calls !== 'boolean') ctx.sink.add('E_INVALID_PARALLEL_TOOL_CALLS')
    return null
  }
  const names = new Set<string>()
  if (tools !== undefined) checkTools(tools, names, ctx)
  if (functions !== undefined) checkFunctions(functions, names, ctx)
  if (tools !== undefined && functions !== undefined) ctx.sink.add('W_FUNCTIONS_AND_TOOLS')
  if (o.parallel_tool_calls !== undefined && typeof o.parallel_tool_calls !== 'boolean') ctx.sink.add('E_INVALID_PARALLEL_TOOL_CALLS')
  return names
}

function checkName(name: string, ctx: RuleContext): void {
  if (!FUNCTION_NAME.test(name)) ctx.sink.add('E_INVALID_FUNCTION_NAME', { name: clip(name, 80) })
}

function checkTools(tools: unknown, names: Set<string>, ctx: RuleContext): void {
  if (!Array.isArray(tools)) return ctx.sink.add('E_INVALID_TOOLS', { why: 'it must be a list' })
  const strict = ctx.profile.id === 'mistral'
  for (let k = 0; k < tools.length; k++) {
    const t = tools[k]
    const at = `item ${k + 1}`
    if (!isObject(t)) return ctx.sink.add('E_INVALID_TOOLS', { why: `${at} is not an object` })
    if (t.type !== 'function') return ctx.sink.add('E_INVALID_TOOLS', { why: `${at} needs "type": "function"` })
    const fn = t.function
    if (!isObject(fn) || typeof fn.name !== 'string') return ctx.sink.add('E_INVALID_TOOLS', { why: `${at} needs "function": {"name": …}` })
    if (fn.parameters !== undefined && !isObject(fn.parameters)) return ctx.sink.add('E_INVALID_TOOLS', { why: `"parameters" of ${fn.name} must be an object` })
    if (strict && (fn.description === undefined || fn.parameters === undefined))
      return ctx.sink.add('E_INVALID_TOOLS', { why: `${fn.name} needs "description" and "parameters"` })
    checkName(fn.name, ctx)
    names.add(fn.name)
  }
}

function checkFunctions(functions: unknown, names: Set<string>, ctx: RuleContext): void {
  if (!Array.isArray(functions) || functions.length < 1 || functions.length > 128)
    return ctx.sink.add('E_INVALID_FUNCTIONS', { why: 'it must be a list of 1 to 128 functions' })
  for (let k = 0; k < functions.length; k++) {
    const f = functions[k]
    if (!isObject(f) || typeof f.name !== 'string') return ctx.sink.add('E_INVALID_FUNCTIONS', { why: `item ${k + 1} needs a "name"` })
    checkName(f.name, ctx)
    names.add(f.name)
  }
}

function checkArguments(args: unknown, ctx: RuleContext): void {
  if (typeof args !== 'string') return ctx.sink.add('E_TOOL_ARGUMENTS_NOT_STRING')
  if (!checks(ctx, 'W_TOOL_ARGUMENTS_NOT_JSON')) return
  try {
    JSON.parse(args)
  } catch (e) {
    ctx.sink.add('W_TOOL_ARGUMENTS_NOT_JSON', { detail: clip((e as Error).message, 80) })
  }
}

function checkCalledName(name: string, scope: ToolScope, ctx: RuleContext): void {
  checkName(name, ctx)
  if (scope === null) ctx.sink.add('W_TOOLS_NOT_DEFINED', { name: clip(name, 80) })
  else if (!scope.has(name)) ctx.sink.add('W_UNDEFINED_FUNCTION_CALLED', { name: clip(name, 80) })
}

function checkMistralId(id: string, ctx: RuleContext): void {
  const p = ctx.profile.toolCallIdPattern
  if (p !== null && !new RegExp(p).test(id)) ctx.sink.add('E_MISTRAL_TOOL_CALL_ID', { id: clip(id, 40) })
}

/** Checks an assistant message's tool_calls / function_call; pushes issued call ids. Returns the number of calls. */
export function checkAssistantCalls(m: JsonObject, scope: ToolScope, issued: string[], ctx: RuleContext): number {
  let calls = 0
  const toolCalls = m.tool_calls
  if (toolCalls !== undefined) {
    if (!Array.isArray(toolCalls) || toolCalls.length === 0) {
      ctx.sink.add('E_INVALID_TOOL_CALL', { k: 1, why: '"tool_calls" must be a non-empty list' })
    } else {
      for (let k = 0; k < toolCalls.length; k++) {
        const c = toolCalls[k]
        const n = k + 1
        if (!isObject(c)) {
          ctx.sink.add('E_INVALID_TOOL_CALL', { k: n, why: 'it is not an object' })
          continue
        }
        if (typeof c.id !== 'string') ctx.sink.add('E_INVALID_TOOL_CALL', { k: n, why: 'it has no "id"' })
        else {
          issued.push(c.id)
          checkMistralId(c.id, ctx)
        }
        if (c.type !== 'function') ctx.sink.add('E_INVALID_TOOL_CALL', { k: n, why: 'it needs "type": "function"' })
        const fn = c.function
        if (!isObject(fn) || typeof fn.name !== 'string') {
          ctx.sink.add('E_INVALID_TOOL_CALL', { k: n, why: 'it needs "function": {"name": …}' })
          continue
        }
        checkArguments(fn.arguments, ctx)
        checkCalledName(fn.name, scope, ctx)
        calls++
      }
    }
  }
  const fc = m.function_call
  if (fc !== undefined) {
    if (!isObject(fc) || typeof fc.name !== 'string') ctx.sink.add('E_INVALID_TOOL_CALL', { k: 1, why: '"function_call" needs a "name"' })
    else {
      checkArguments(fc.arguments, ctx)
      checkCalledName(fc.name, scope, ctx)
      calls++
    }
  }
  return calls
}

/** Checks a tool-role message's tool_call_id; with `matchIds`, against the calls issued before it (not Mistral: by count). */
export function checkToolResult(m: JsonObject, issued: string[], ctx: RuleContext, matchIds: boolean): void {
  const id = m.tool_call_id
  if (typeof id !== 'string') return ctx.sink.add('E_TOOL_MESSAGE_MISSING_ID')
  checkMistralId(id, ctx)
  if (matchIds && !issued.includes(id)) ctx.sink.add('W_TOOL_CALL_ID_UNMATCHED', { id: clip(id, 40) })
}
