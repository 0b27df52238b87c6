// Purpose and format signatures of a line (validation-rules.md §2), and foreign shapes for E_UNKNOWN_FORMAT's hint.
import type { DataFormat, TrainingMethod, ValidationPurpose } from '../../shared/validation'

export type JsonObject = Record<string, unknown>

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function purposeSignature(o: JsonObject): ValidationPurpose | null {
  if (o.custom_id !== undefined) return 'batch'
  const body = o.body
  if (isObject(body) && (o.url !== undefined || o.method !== undefined)) return 'batch'
  if (o.item !== undefined) return 'evals'
  return formatSignature(o) === null ? null : 'fine-tune'
}

/** The keys that gave a line its purpose signature, for E_WRONG_PURPOSE's message. */
export function signatureKeys(o: JsonObject, purpose: ValidationPurpose): string {
  const keys =
    purpose === 'batch'
      ? ['custom_id', 'method', 'url', 'body']
      : purpose === 'evals'
        ? ['item']
        : ['messages', 'input', 'preferred_output', 'non_preferred_output', 'prompt', 'completion', 'text']
  return keys
    .filter((k) => o[k] !== undefined)
    .map((k) => `"${k}"`)
    .join(', ')
}

export function formatSignature(o: JsonObject): DataFormat | null {
  if ('messages' in o) return 'chat'
  if (isTrainerShape(o)) return null
  if ('input' in o || 'preferred_output' in o || 'non_preferred_output' in o) return 'preference'
  if ('prompt' in o || 'completion' in o) return 'instruction'
  if ('text' in o) return 'text'
  return null
}

/**
 * Alpaca (instruction/input/output) and TRL preference (prompt/chosen/rejected) lines carry a key of one of our
 * formats ("input", "prompt") without being that format: they get no signature, so E_UNKNOWN_FORMAT names them (§5
 * "Local trainers") instead of a missing preferred_output or completion.
 */
function isTrainerShape(o: JsonObject): boolean {
  if ('preferred_output' in o || 'non_preferred_output' in o || 'completion' in o) return false
  if ('instruction' in o && 'output' in o) return true
  return 'prompt' in o && ('chosen' in o || 'rejected' in o)
}

/** Formats each method trains on (§2). */
export const METHOD_FORMATS: Record<TrainingMethod, DataFormat[]> = {
  supervised: ['chat', 'instruction', 'text'],
  dpo: ['preference'],
  reinforcement: ['chat']
}

export const FORMAT_NAMES: Record<DataFormat, string> = {
  chat: 'chat ("messages")',
  preference: 'preference (DPO)',
  instruction: 'prompt/completion',
  text: 'plain text',
  batch: 'batch request',
  evals: 'evals row'
}

/** A hint naming a known foreign shape (ShareGPT, Alpaca, Gemini, TRL), or "". */
export function foreignShapeHint(o: JsonObject): string {
  if ('conversations' in o) return 'This looks like ShareGPT ("conversations"); convert it to "messages" with roles user/assistant.'
  if ('instruction' in o && 'output' in o) return 'This looks like Alpaca ("instruction"/"output"); convert it to "messages" with roles user/assistant.'
  if ('contents' in o) return 'This looks like Gemini ("contents"); convert it to "messages" and the role "model" to "assistant".'
  if ('chosen' in o || 'rejected' in o) return 'This looks like TRL preference data ("chosen"/"rejected"); use input, preferred_output and non_preferred_output.'
  if ('message' in o || 'Messages' in o || 'msgs' in o) return 'Check the spelling: the key is "messages".'
  return ''
}
