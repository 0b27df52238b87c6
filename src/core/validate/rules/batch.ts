// Batch request lines (§4.10) and the whole-file state they need: ids seen, first endpoint and model, embedding inputs.
import { isObject, type JsonObject } from '../detect'
import { FingerprintTable, hashString } from '../fingerprints'
import { checks, clip, type RuleContext } from './context'

/** Body parameters each endpoint cannot do without (model is checked separately). */
const REQUIRED: Record<string, string[]> = {
  '/v1/chat/completions': ['messages'],
  '/v1/embeddings': ['input'],
  '/v1/completions': ['prompt'],
  '/v1/moderations': ['input'],
  '/v1/images/generations': ['prompt'],
  '/v1/images/edits': ['image', 'prompt'],
  '/v1/videos': ['prompt'],
  '/v1/responses': []
}
const NEEDS_MODEL = new Set(['/v1/chat/completions', '/v1/completions', '/v1/embeddings'])
// Where "" or [] counts as missing (§4.10).
const EMPTY_IS_MISSING = new Set(['/v1/completions', '/v1/moderations'])

export class BatchState {
  /** 2M slots (24 MB) hold ~1.4M custom_ids: above every provider's batch limit (§3), so a valid file never fills it. */
  readonly ids = new FingerprintTable(1 << 21)
  firstUrl: { url: string; line: number } | null = null
  readonly models = new Map<string, { model: string; line: number }>()
  embeddingInputs = 0
  firstModel: string | null = null
}

/** The endpoint a body is for when the line has no url (Together/Mistral lines need only custom_id + body). */
function inferEndpoint(body: JsonObject): string | null {
  if (body.messages !== undefined) return '/v1/chat/completions'
  if (body.prompt !== undefined) return '/v1/completions'
  return null
}

export function checkBatchLine(o: JsonObject, line: number, state: BatchState, ctx: RuleContext): void {
  const { sink, profile } = ctx
  const id = o.custom_id
  if (id === undefined) sink.add('E_MISSING_CUSTOM_ID')
  else if (typeof id !== 'string') sink.add('E_INVALID_CUSTOM_ID')
  else {
    if (id.trim().length === 0) sink.add('W_EMPTY_CUSTOM_ID')
    else if (id.length > profile.limits.maxCustomIdLength) {
      // Characters as people count them (§4.10): an emoji is one, though JavaScript's length says two.
      const n = codePoints(id)
      if (n > profile.limits.maxCustomIdLength) sink.add('W_CUSTOM_ID_TOO_LONG', { n })
    }
    hashString(id)
    const first = state.ids.seen(line)
    if (first !== 0) sink.add('E_DUPLICATE_CUSTOM_ID', { id: clip(id, 80), first })
  }

  const checkUrl = checks(ctx, 'E_BATCH_UNSUPPORTED_URL')
  if (checks(ctx, 'E_BATCH_INVALID_METHOD')) {
    if (o.method === undefined) sink.add('W_BATCH_MISSING_METHOD')
    else if (o.method !== 'POST') sink.add('E_BATCH_INVALID_METHOD')
  }
  let endpoint: string | null = null
  const url = o.url
  if (url === undefined) {
    if (checkUrl) sink.add('W_BATCH_MISSING_URL')
  } else if (typeof url !== 'string' || !profile.batchEndpoints.includes(url)) {
    if (checkUrl) sink.add('E_BATCH_UNSUPPORTED_URL', { url: clip(String(url), 80) })
  } else {
    endpoint = url
    if (state.firstUrl === null) state.firstUrl = { url, line }
    else if (state.firstUrl.url !== url) sink.add('E_BATCH_URL_MISMATCH', { first: state.firstUrl.line, url0: state.firstUrl.url })
  }

  const body = o.body
  if (!isObject(body)) return sink.add('E_BATCH_INVALID_BODY', o.params !== undefined ? { anthropic: 'params' } : {})
  if (endpoint === null && url === undefined) endpoint = inferEndpoint(body)
  if (endpoint === null) return

  const model = body.model
  if (model === undefined || model === null) {
    if (NEEDS_MODEL.has(endpoint) || url === undefined) sink.add('E_BATCH_MISSING_MODEL')
  } else if (typeof model === 'string') {
    if (state.firstModel === null) state.firstModel = model
    const key = url === undefined ? '' : endpoint
    const first = state.models.get(key)
    if (first === undefined) state.models.set(key, { model, line })
    else if (first.model !== model) sink.add('E_BATCH_MODEL_MISMATCH', { first: first.line, model0: first.model })
  }

  for (const param of REQUIRED[endpoint] ?? []) {
    const v = body[param]
    if (endpoint === '/v1/embeddings' && param === 'input' && v !== undefined && v !== null) continue
    const missing =
      v === undefined ||
      v === null ||
      (endpoint === '/v1/chat/completions' && param === 'messages' && (!Array.isArray(v) || v.length === 0)) ||
      (EMPTY_IS_MISSING.has(endpoint) && (v === '' || (Array.isArray(v) && v.length === 0)))
    if (missing) sink.add('E_BATCH_BODY_MISSING_PARAM', { endpoint, param })
  }
  if (endpoint === '/v1/embeddings' && body.input !== undefined && body.input !== null) checkEmbeddingInput(body.input, state, ctx)
  if (body.stream === true) sink.add('W_BATCH_STREAM', {}, endpoint === '/v1/moderations' ? 'error' : undefined)
}

/** Code points in `s`: a surrogate pair counts once. */
function codePoints(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--
      i++
    }
  }
  return n
}

function checkEmbeddingInput(input: unknown, state: BatchState, ctx: RuleContext): void {
  let n = 1
  if (Array.isArray(input)) {
    // A flat list of numbers is one tokenized input; otherwise each item is an input.
    n = input.length > 0 && typeof input[0] === 'number' ? 1 : input.length
    if (input.length === 0 || input.length > ctx.profile.limits.maxEmbeddingInputsPerRequest) ctx.sink.add('E_BATCH_EMBEDDING_INPUT_INVALID')
  } else if (input === '') ctx.sink.add('E_BATCH_EMBEDDING_INPUT_INVALID')
  state.embeddingInputs += n
}
