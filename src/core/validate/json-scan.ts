// A small strict JSON scanner for the rare lines that need more than JSON.parse: error position and reason, duplicate keys.
import { JSON_DETAILS_EN, type JsonDetailKey, type JsonDetailParams } from '../../shared/locale/validation-en'
import { fill } from '../../shared/locale/fill'
import { invisibleName, isInvisible } from './invisibles'

/**
 * Lines nested deeper than this get E_NESTING_TOO_DEEP and no walk of their own. Python's json (what providers read
 * with) gives up near 1,000 levels; no real example comes close. Every walk here stops at this depth, so the file
 * never decides how deep a recursion goes.
 */
export const MAX_DEPTH = 512

export interface JsonSyntaxProblem {
  /** 0-based character offset of the problem. */
  offset: number
  /** The reason in English, as the CLI and the report print it. */
  detail: string
  /** The same reason as a key of the locale's JSON detail phrases and their params, so other languages can say it. */
  detailKey: JsonDetailKey
  detailParams: Record<string, string>
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    readonly key: JsonDetailKey,
    readonly params: Record<string, string>
  ) {
    super(key)
  }
}

/** A phrase with placeholders must get their params (a compile error otherwise); one without takes none. */
type DetailArgs<K extends JsonDetailKey> = [keyof JsonDetailParams<K>] extends [never] ? [] : [JsonDetailParams<K>]

function fail<K extends JsonDetailKey>(offset: number, key: K, ...params: DetailArgs<K>): Fail {
  return new Fail(offset, key, params[0] ?? {})
}

class Scanner {
  i = 0
  private depth = 0
  duplicate: string | null = null
  /** Where the repeated key (with its quotes) sits: [duplicateAt, duplicateEnd). */
  duplicateAt = 0
  duplicateEnd = 0
  constructor(
    private readonly s: string,
    private readonly trackKeys: boolean
  ) {}

  ws(): void {
    const s = this.s
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i)
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++
      else break
    }
  }

  value(): void {
    this.ws()
    const s = this.s
    if (this.i >= s.length) throw fail(this.i, 'cut_off')
    const c = s[this.i] as string
    if (c === '{' || c === '[') {
      // Callers check tooDeepAt first; this only keeps the recursion bounded whatever they do.
      if (++this.depth > MAX_DEPTH) throw fail(this.i, 'not_json')
      if (c === '{') this.object()
      else this.array()
      this.depth--
      return
    }
    if (c === '"') return void this.string()
    if (c === "'") throw fail(this.i, 'single_quotes')
    if (c === '-' || (c >= '0' && c <= '9')) {
      if (s.startsWith('-Infinity', this.i)) throw fail(this.i, 'minus_infinity')
      return this.number()
    }
    for (const lit of ['true', 'false', 'null']) if (s.startsWith(lit, this.i)) return void (this.i += lit.length)
    if (s.startsWith('NaN', this.i) || s.startsWith('nan', this.i)) throw fail(this.i, 'nan')
    if (s.startsWith('Infinity', this.i)) throw fail(this.i, 'infinity')
    if (s.startsWith('undefined', this.i)) throw fail(this.i, 'undefined')
    if (s.startsWith('None', this.i) || s.startsWith('True', this.i) || s.startsWith('False', this.i))
      throw fail(this.i, 'python_literal')
    if (c === '}' || c === ']') throw fail(this.i, 'missing_value', { char: c })
    throw fail(this.i, 'unexpected_char', { char: c })
  }

  object(): void {
    const s = this.s
    this.i++
    const keys = this.trackKeys ? new Set<string>() : null
    this.ws()
    if (s[this.i] === '}') return void this.i++
    for (;;) {
      this.ws()
      const c = s[this.i]
      if (c === '}') throw fail(this.i, 'trailing_comma_object')
      if (c === "'") throw fail(this.i, 'single_quotes')
      if (c !== '"') {
        if (this.i >= s.length) throw fail(this.i, 'cut_off')
        throw fail(this.i, 'unquoted_key')
      }
      const keyAt = this.i
      const key = this.string()
      if (keys) {
        if (keys.has(key) && this.duplicate === null) {
          this.duplicate = key
          this.duplicateAt = keyAt
          this.duplicateEnd = this.i
        }
        keys.add(key)
      }
      this.ws()
      if (s[this.i] !== ':') throw this.i >= s.length ? fail(this.i, 'cut_off') : fail(this.i, 'expected_colon', { key })
      this.i++
      this.value()
      this.ws()
      const d = s[this.i]
      if (d === ',') {
        this.i++
        continue
      }
      if (d === '}') return void this.i++
      if (this.i >= s.length) throw fail(this.i, 'cut_off')
      if (d === '"') throw fail(this.i, 'missing_comma')
      throw fail(this.i, 'expected_comma_or_brace')
    }
  }

  array(): void {
    const s = this.s
    this.i++
    this.ws()
    if (s[this.i] === ']') return void this.i++
    for (;;) {
      this.ws()
      if (s[this.i] === ']') throw fail(this.i, 'trailing_comma_array')
      this.value()
      this.ws()
      const d = s[this.i]
      if (d === ',') {
        this.i++
        continue
      }
      if (d === ']') return void this.i++
      if (this.i >= s.length) throw fail(this.i, 'cut_off')
      throw fail(this.i, 'expected_comma_or_bracket')
    }
  }

  string(): string {
    const s = this.s
    const start = ++this.i
    let plain = true
    for (;;) {
      if (this.i >= s.length) throw fail(this.i, 'unclosed_text')
      const c = s.charCodeAt(this.i)
      if (c === 34) break
      if (c === 92) {
        plain = false
        const e = s[this.i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) throw fail(this.i, 'bad_unicode_escape')
          this.i += 6
          continue
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw fail(this.i, 'bad_escape', { esc: `\\${e ?? ''}` })
        this.i += 2
        continue
      }
      if (c < 0x20) {
        if (c === 9) throw fail(this.i, 'raw_tab')
        if (c === 10) throw fail(this.i, 'raw_newline')
        throw fail(this.i, 'raw_control', { cp: invisibleName(c) })
      }
      this.i++
    }
    const raw = s.slice(start, this.i)
    this.i++
    return plain ? raw : (JSON.parse(`"${raw}"`) as string)
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400))
    if (!m || m[0] === '-') throw fail(this.i, 'bad_number')
    this.i += m[0].length
  }

  document(): void {
    this.value()
    this.ws()
    if (this.i < this.s.length) throw fail(this.i, 'extra_text')
  }
}

/** Where a line's nesting first goes deeper than MAX_DEPTH (brackets inside strings do not count), or -1. */
export function tooDeepAt(text: string): number {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return i
    } else if (c === 125 || c === 93) depth--
  }
  return -1
}

/** Where and why a line is not strict JSON (only called after JSON.parse failed and tooDeepAt found nothing). */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem {
  const sc = new Scanner(text, false)
  try {
    sc.document()
  } catch (e) {
    if (e instanceof Fail) return named(text, e)
    throw e
  }
  return problem(0, 'not_json', {})
}

/** Problems found at the character where a token should start: when that character is invisible, it is the problem. */
const AT_CHARACTER = new Set<JsonDetailKey>(['unexpected_char', 'unquoted_key', 'expected_colon', 'expected_comma_or_brace', 'expected_comma_or_bracket', 'extra_text'])

/** The problem, naming an invisible character (never printing it raw) and a whole emoji rather than half of one. */
function named(text: string, f: Fail): JsonSyntaxProblem {
  const cp = AT_CHARACTER.has(f.key) ? text.codePointAt(f.offset) : undefined
  if (cp === undefined) return problem(f.offset, f.key, f.params)
  if (cp === 0xfeff) return problem(f.offset, 'stray_bom', {})
  if (isInvisible(cp)) return problem(f.offset, 'invisible_char', { cp: invisibleName(cp) })
  if (f.key === 'unexpected_char') return problem(f.offset, 'unexpected_char', { char: String.fromCodePoint(cp) })
  return problem(f.offset, f.key, f.params)
}

function problem(offset: number, detailKey: JsonDetailKey, detailParams: Record<string, string>): JsonSyntaxProblem {
  return { offset, detail: fill(JSON_DETAILS_EN[detailKey], detailParams), detailKey, detailParams }
}

/** The first key that appears twice in one object, or null. */
export function findDuplicateKey(text: string): string | null {
  return findDuplicateKeyAt(text)?.key ?? null
}

/** The first key that appears twice in one object and where its second occurrence (with quotes) is, or null. */
export function findDuplicateKeyAt(text: string): { key: string; start: number; end: number } | null {
  const sc = new Scanner(text, true)
  try {
    sc.document()
  } catch {
    return null
  }
  return sc.duplicate === null ? null : { key: sc.duplicate, start: sc.duplicateAt, end: sc.duplicateEnd }
}

/** Keys in a parsed value, counted over every nested object; -1 when it is nested deeper than MAX_DEPTH. */
export function countKeys(v: unknown, depth = 1): number {
  if (depth > MAX_DEPTH) return -1
  let n = 0
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]
      if (typeof x !== 'object' || x === null) continue
      const k = countKeys(x, depth + 1)
      if (k < 0) return -1
      n += k
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const key in v as Record<string, unknown>) {
      n++
      const x = (v as Record<string, unknown>)[key]
      if (typeof x !== 'object' || x === null) continue
      const k = countKeys(x, depth + 1)
      if (k < 0) return -1
      n += k
    }
  }
  return n
}

/**
 * Cheap pre-check for duplicate keys: JSON.parse keeps one entry per key, so a line whose raw `":` count (a quote
 * closing a key; quotes inside strings are escaped) equals the parsed key count (countKeys) has none. Counted on the
 * line's bytes [s, e) of `buf`, colon to colon (UTF-8 text cannot fake these ASCII marks); `buf` ends where the data
 * does. Only the rare line that fails this needs the full scan.
 */
export function mayHaveDuplicateKey(buf: Buffer, s: number, e: number, keys: number): boolean {
  if (keys === 0) return false
  let raw = 0
  for (let i = buf.indexOf(58, s); i !== -1 && i < e; i = buf.indexOf(58, i + 1)) {
    const before = buf[i - 1]
    if (before === 34) {
      if (buf[i - 2] !== 92) raw++
    } else if (before === 32 && buf[i - 2] === 34) return true
  }
  return raw !== keys
}

/** The first unpaired surrogate in any string or key of a parsed value (one countKeys took: MAX_DEPTH at most), as its \u escape; or null. */
export function findLoneSurrogate(v: unknown): string | null {
  if (typeof v === 'string') {
    if ((v as string & { isWellFormed(): boolean }).isWellFormed()) return null
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i)
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = v.charCodeAt(i + 1)
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++
          continue
        }
        return `\\u${c.toString(16)}`
      }
      if (c >= 0xdc00 && c <= 0xdfff) return `\\u${c.toString(16)}`
    }
    return null
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const r = findLoneSurrogate(x)
      if (r) return r
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const k in v as Record<string, unknown>) {
      const r = findLoneSurrogate(k) ?? findLoneSurrogate((v as Record<string, unknown>)[k])
      if (r) return r
    }
  }
  return null
}
