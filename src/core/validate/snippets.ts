// Snippets (UI.md §3): up to 160 characters of a line around the problem, with the problem's span.
// Built only for findings the report lists (the collector asks when it keeps one), never per line, so they cost nothing
// on clean files and at most (listed findings × ~1 KB) on broken ones.
import type { FindingParams, FindingSnippet } from '../../shared/validation'
import type { Code } from './codes'

export const SNIPPET_CHARS = 160
/** Bytes decoded around a bad byte (or at a line's start) when the line's text was never decoded. */
const WINDOW_BYTES = 4 * SNIPPET_CHARS
/** A field's value is marked when it is at most this long; otherwise the key is. */
const MAX_VALUE_MARK = 80

/** A problem's span in the line's text (UTF-16 code units, after a BOM). */
export interface SnippetSpan {
  start: number
  end: number
}

/** Where a kept finding's snippet comes from: the line being committed. */
export interface SnippetSource {
  snippet(code: Code, params: FindingParams, span: SnippetSpan | undefined): FindingSnippet | undefined
}

/** Findings about a field whose value is marked (the field named here, or by the param `field`). */
const FIELD_OF: Partial<Record<Code, string>> = {
  E_INVALID_CUSTOM_ID: 'custom_id',
  W_EMPTY_CUSTOM_ID: 'custom_id',
  E_DUPLICATE_CUSTOM_ID: 'custom_id',
  W_CUSTOM_ID_TOO_LONG: 'custom_id',
  E_BATCH_INVALID_METHOD: 'method',
  E_BATCH_UNSUPPORTED_URL: 'url',
  E_BATCH_URL_MISMATCH: 'url',
  E_BATCH_MODEL_MISMATCH: 'model',
  E_BATCH_INVALID_BODY: 'body',
  W_BATCH_STREAM: 'stream',
  E_MESSAGES_NOT_ARRAY: 'messages',
  E_MESSAGES_EMPTY: 'messages',
  E_INVALID_WEIGHT: 'weight',
  W_WEIGHT_ON_NON_ASSISTANT: 'weight',
  E_INVALID_TOOLS: 'tools',
  E_INVALID_FUNCTIONS: 'functions',
  E_INVALID_PARALLEL_TOOL_CALLS: 'parallel_tool_calls',
  E_DPO_INPUT_INVALID: 'input',
  W_EMPTY_COMPLETION: 'completion',
  E_LEGACY_FIELD_NOT_STRING: '',
  E_DPO_OUTPUT_NOT_ARRAY: '',
  E_DPO_OUTPUT_COUNT: '',
  E_DPO_OUTPUT_ROLE: ''
}

/** Findings about an unexpected key: the key itself is marked. */
const KEY_CODES = new Set<Code>(['E_UNKNOWN_TOP_LEVEL_KEY', 'E_UNKNOWN_MESSAGE_KEY', 'W_EVALS_UNKNOWN_KEY', 'W_LEGACY_EXTRA_KEY'])

/** Findings naming a value found in the line: the param whose text is searched for as a JSON string. */
const VALUE_OF: Partial<Record<Code, string>> = {
  E_UNKNOWN_ROLE: 'role',
  W_SUSPICIOUS_CONTENT: 'v',
  E_INVALID_FUNCTION_NAME: 'name',
  W_TOOLS_NOT_DEFINED: 'name',
  W_UNDEFINED_FUNCTION_CALLED: 'name',
  E_MISTRAL_TOOL_CALL_ID: 'id',
  W_TOOL_CALL_ID_UNMATCHED: 'id',
  E_INVALID_IMAGE_URL: 'url'
}

/** Cuts ≤ 160 characters of `text` around [start, end) without splitting a surrogate pair. */
export function cutSnippet(text: string, start: number, end: number): FindingSnippet {
  const len = text.length
  start = Math.min(Math.max(0, start), len)
  end = Math.min(Math.max(start, end), len, start + SNIPPET_CHARS)
  if (len <= SNIPPET_CHARS) return { text, start, end }
  const room = SNIPPET_CHARS - (end - start)
  let from = Math.max(0, start - Math.ceil(room / 3))
  let to = Math.min(len, from + SNIPPET_CHARS)
  from = Math.max(0, to - SNIPPET_CHARS)
  if (from > 0 && from < start && isLow(text.charCodeAt(from))) from++
  if (to < len && to > end && isHigh(text.charCodeAt(to - 1))) to--
  const out: FindingSnippet = { text: text.slice(from, to), start: start - from, end: end - from }
  if (from > 0) out.cutStart = true
  if (to < len) out.cutEnd = true
  return out
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

/** The first byte in [s, e) that does not start a valid UTF-8 sequence (e if none). */
export function firstBadUtf8(buf: Uint8Array, s: number, e: number): number {
  let i = s
  while (i < e) {
    const b = buf[i] as number
    if (b < 0x80) {
      i++
      continue
    }
    let n: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) n = 1
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2
      if (b === 0xe0) lo = 0xa0
      else if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3
      if (b === 0xf0) lo = 0x90
      else if (b === 0xf4) hi = 0x8f
    } else return i
    if (i + n >= e) return i
    const b1 = buf[i + 1] as number
    if (b1 < lo || b1 > hi) return i
    for (let k = 2; k <= n; k++) {
      const bk = buf[i + k] as number
      if (bk < 0x80 || bk > 0xbf) return i
    }
    i += n + 1
  }
  return e
}

/** Moves a byte offset forward past UTF-8 continuation bytes (at most 3), so decoding starts on a character. */
function charStart(buf: Uint8Array, p: number, e: number): number {
  for (let k = 0; k < 3 && p < e && ((buf[p] as number) & 0xc0) === 0x80; k++) p++
  return p
}

/** Moves a byte offset back so a window does not end inside a multi-byte character. */
function charEnd(buf: Uint8Array, s: number, p: number): number {
  for (let k = 1; k <= 3 && p - k >= s; k++) {
    const b = buf[p - k] as number
    if ((b & 0xc0) === 0x80) continue
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return k < need ? p - k : p
    }
    return p
  }
  return p
}

/** The index just after one JSON value starting at i in valid JSON, scanning at most `limit` characters (-1 past it). */
function valueEnd(text: string, i: number, limit: number): number {
  const stop = Math.min(text.length, i + limit)
  let depth = 0
  let p = i
  while (p < stop) {
    const c = text.charCodeAt(p)
    if (c === 34) {
      p++
      while (p < stop && text.charCodeAt(p) !== 34) p += text.charCodeAt(p) === 92 ? 2 : 1
      p++
      if (depth === 0) return p <= stop ? p : -1
      continue
    }
    if (c === 123 || c === 91) depth++
    else if (c === 125 || c === 93) {
      if (depth === 0) return p
      depth--
      if (depth === 0) return p + 1
    } else if (depth === 0 && (c === 44 || c === 32 || c === 9 || c === 13)) return p
    p++
  }
  return p >= text.length && depth === 0 ? p : -1
}

/** The span of `"key": value` (the value if short, else the key) for the first occurrence of the key, or null. */
export function fieldSpan(text: string, key: string, markKey: boolean): SnippetSpan | null {
  const quoted = JSON.stringify(key)
  let p = text.indexOf(quoted)
  while (p !== -1) {
    let q = p + quoted.length
    while (q < text.length && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++
    if (text.charCodeAt(q) === 58) {
      if (markKey) return { start: p, end: p + quoted.length }
      q++
      while (q < text.length && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++
      const end = valueEnd(text, q, MAX_VALUE_MARK + 1)
      if (end > q && end - q <= MAX_VALUE_MARK) return { start: q, end }
      return { start: p, end: p + quoted.length }
    }
    p = text.indexOf(quoted, p + 1)
  }
  return null
}

/** The span of a value named in a finding, searched for as a JSON string (a clipped value by its start). */
export function valueSpan(text: string, value: string): SnippetSpan | null {
  const clipped = value.endsWith('…')
  let needle = JSON.stringify(clipped ? value.slice(0, -1) : value)
  if (clipped) needle = needle.slice(0, -1)
  if (needle.length <= 2) return null
  const p = text.indexOf(needle)
  return p === -1 ? null : { start: p, end: p + needle.length }
}

/** The first \uD8xx–\uDFxx escape in the raw line that is not half of a pair. */
export function loneSurrogateSpan(text: string): SnippetSpan | null {
  const re = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    const v = parseInt(m[0].slice(2), 16)
    if (v <= 0xdbff) {
      const next = text.slice(re.lastIndex, re.lastIndex + 6)
      if (/^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(next)) {
        re.lastIndex += 6
        continue
      }
    }
    return { start: m.index, end: m.index + 6 }
  }
  return null
}

/**
 * The line being checked, for snippets. `set` per line costs a few assignments; the text is decoded (or a window of
 * it) only when a kept finding asks for it.
 */
export class LineSnippets implements SnippetSource {
  private buf: Uint8Array = new Uint8Array(0)
  private s = 0
  private e = 0
  private bom = false
  /** The decoded line (from s), when the pipeline decoded it. */
  text: string | null = null

  set(buf: Uint8Array, s: number, e: number, bom: boolean): void {
    this.buf = buf
    this.s = s
    this.e = e
    this.bom = bom
    this.text = null
  }

  /** The line's first characters (decoding a window of bytes if the line was not decoded). */
  private head(): string {
    if (this.text !== null) return this.text.length > SNIPPET_CHARS ? this.text.slice(0, SNIPPET_CHARS + 1) : this.text
    const to = charEnd(this.buf, this.s, Math.min(this.e, this.s + WINDOW_BYTES))
    return decode(this.buf, this.s, to)
  }

  snippet(code: Code, params: FindingParams, span: SnippetSpan | undefined): FindingSnippet | undefined {
    if (code === 'W_UTF8_BOM' && this.bom) return cutSnippet('\uFEFF' + this.head(), 0, 1)
    if (code === 'E_INVALID_UTF8') return this.badBytes()
    if (code === 'W_LINE_TOO_LONG') return undefined
    if (code === 'W_BLANK_LINE') {
      const blank = this.head()
      return blank.length > 0 ? cutSnippet(blank, 0, blank.length) : undefined
    }
    const text = this.text
    if (text === null) return undefined
    const found = span ?? locate(text, code, params)
    if (found) return cutSnippet(text, found.start, found.end)
    return cutSnippet(text, 0, 0)
  }

  /** The bad bytes shown as U+FFFD (how a UTF-8 decoder reads them), with up to 160 characters around them. */
  private badBytes(): FindingSnippet | undefined {
    const { buf, s, e } = this
    const bad = firstBadUtf8(buf, s, e)
    if (bad >= e) return undefined
    const from = charStart(buf, Math.max(s, bad - WINDOW_BYTES / 2), bad)
    const to = charEnd(buf, bad + 1, Math.min(e, bad + WINDOW_BYTES / 2))
    const before = decode(buf, from, bad)
    const text = before + decode(buf, bad, to)
    let end = before.length + 1
    while (end < text.length && text.charCodeAt(end) === 0xfffd) end++
    const cut = cutSnippet(text, before.length, end)
    if (from > s) cut.cutStart = true
    if (to < e) cut.cutEnd = true
    return cut
  }
}

function decode(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + from, Math.max(0, to - from)).toString('utf8')
}

/** Where in a parsed line the finding's problem is, from its code and params; null for the line-start fallback. */
function locate(text: string, code: Code, params: FindingParams): SnippetSpan | null {
  switch (code) {
    case 'W_UNICODE_LINE_SEPARATOR': {
      const p = text.search(/[\u2028\u2029\u0085]/)
      return p === -1 ? null : { start: p, end: p + 1 }
    }
    case 'W_LONE_SURROGATE':
      return loneSurrogateSpan(text)
    case 'E_JSON_PARSE': {
      const c = typeof params.c === 'number' ? params.c - 1 : 0
      return c >= text.length ? { start: Math.max(0, text.length - 1), end: text.length } : { start: c, end: c + 1 }
    }
    default:
      break
  }
  if (KEY_CODES.has(code) && typeof params.key === 'string') return fieldSpan(text, params.key, true)
  const field = FIELD_OF[code]
  if (field !== undefined) {
    const name = field === '' ? params.field : field
    return typeof name === 'string' ? fieldSpan(text, name, false) : null
  }
  const param = VALUE_OF[code]
  if (param !== undefined) {
    const v = params[param]
    return typeof v === 'string' ? valueSpan(text, v) : null
  }
  return null
}
