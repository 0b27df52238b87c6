// A small strict JSON scanner for the rare lines that need more than JSON.parse: error position and reason, duplicate keys.

export interface JsonSyntaxProblem {
  /** 0-based character offset of the problem. */
  offset: number
  detail: string
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    readonly detail: string
  ) {
    super(detail)
  }
}

class Scanner {
  i = 0
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
    if (this.i >= s.length) throw new Fail(this.i, 'the line ends before the JSON is complete (was it cut off?)')
    const c = s[this.i] as string
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return void this.string()
    if (c === "'") throw new Fail(this.i, 'single quotes are not allowed; use double quotes')
    if (c === '-' || (c >= '0' && c <= '9')) {
      if (s.startsWith('-Infinity', this.i)) throw new Fail(this.i, '-Infinity is not a JSON value; use null or a number')
      return this.number()
    }
    for (const lit of ['true', 'false', 'null']) if (s.startsWith(lit, this.i)) return void (this.i += lit.length)
    if (s.startsWith('NaN', this.i) || s.startsWith('nan', this.i)) throw new Fail(this.i, 'NaN is not a JSON value; use null or a number')
    if (s.startsWith('Infinity', this.i)) throw new Fail(this.i, 'Infinity is not a JSON value; use null or a number')
    if (s.startsWith('undefined', this.i)) throw new Fail(this.i, 'undefined is not a JSON value; use null')
    if (s.startsWith('None', this.i) || s.startsWith('True', this.i) || s.startsWith('False', this.i))
      throw new Fail(this.i, 'None/True/False are Python, not JSON; use null/true/false')
    if (c === '}' || c === ']') throw new Fail(this.i, `a value is missing before "${c}" (trailing comma?)`)
    throw new Fail(this.i, `unexpected character "${c}"`)
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
      if (c === '}') throw new Fail(this.i, 'trailing comma before "}"')
      if (c === "'") throw new Fail(this.i, 'single quotes are not allowed; use double quotes')
      if (c !== '"') {
        if (this.i >= s.length) throw new Fail(this.i, 'the line ends before the JSON is complete (was it cut off?)')
        throw new Fail(this.i, 'property names must be in double quotes')
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
      if (s[this.i] !== ':') throw new Fail(this.i, this.i >= s.length ? 'the line ends before the JSON is complete (was it cut off?)' : `expected ":" after "${key}"`)
      this.i++
      this.value()
      this.ws()
      const d = s[this.i]
      if (d === ',') {
        this.i++
        continue
      }
      if (d === '}') return void this.i++
      if (this.i >= s.length) throw new Fail(this.i, 'the line ends before the JSON is complete (was it cut off?)')
      if (d === '"') throw new Fail(this.i, 'a comma is missing between two fields (or a " inside a text is not escaped as \\")')
      throw new Fail(this.i, 'expected "," or "}" after a value')
    }
  }

  array(): void {
    const s = this.s
    this.i++
    this.ws()
    if (s[this.i] === ']') return void this.i++
    for (;;) {
      this.ws()
      if (s[this.i] === ']') throw new Fail(this.i, 'trailing comma before "]"')
      this.value()
      this.ws()
      const d = s[this.i]
      if (d === ',') {
        this.i++
        continue
      }
      if (d === ']') return void this.i++
      if (this.i >= s.length) throw new Fail(this.i, 'the line ends before the JSON is complete (was it cut off?)')
      throw new Fail(this.i, 'expected "," or "]" after a value')
    }
  }

  string(): string {
    const s = this.s
    const start = ++this.i
    let plain = true
    for (;;) {
      if (this.i >= s.length) throw new Fail(this.i, 'a text value is not closed (missing ")')
      const c = s.charCodeAt(this.i)
      if (c === 34) break
      if (c === 92) {
        plain = false
        const e = s[this.i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) throw new Fail(this.i, 'invalid \\u escape (needs 4 hex digits)')
          this.i += 6
          continue
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Fail(this.i, `invalid escape "\\${e ?? ''}"`)
        this.i += 2
        continue
      }
      if (c < 0x20) {
        throw new Fail(this.i, c === 9 ? 'a raw TAB character inside a text; write it as \\t' : c === 10 ? 'a raw line break inside a text; write it as \\n' : `a raw control character (U+${c.toString(16).padStart(4, '0').toUpperCase()}) inside a text`)
      }
      this.i++
    }
    const raw = s.slice(start, this.i)
    this.i++
    return plain ? raw : (JSON.parse(`"${raw}"`) as string)
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400))
    if (!m || m[0] === '-') throw new Fail(this.i, 'invalid number')
    this.i += m[0].length
  }

  document(): void {
    this.value()
    this.ws()
    if (this.i < this.s.length) throw new Fail(this.i, 'extra text after the end of the JSON value (two objects on one line?)')
  }
}

/** Where and why a line is not strict JSON (only called after JSON.parse failed). */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem {
  const sc = new Scanner(text, false)
  try {
    sc.document()
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, detail: e.detail }
    throw e
  }
  return { offset: 0, detail: 'not valid JSON' }
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

/** Keys in a parsed value, counted over every nested object. */
function countKeys(v: unknown): number {
  let n = 0
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]
      if (typeof x === 'object' && x !== null) n += countKeys(x)
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const k in v as Record<string, unknown>) {
      n++
      const x = (v as Record<string, unknown>)[k]
      if (typeof x === 'object' && x !== null) n += countKeys(x)
    }
  }
  return n
}

/**
 * Cheap pre-check for duplicate keys: JSON.parse keeps one entry per key, so a line whose raw `":` count (a quote
 * closing a key; quotes inside strings are escaped) equals the parsed key count has none. Only the rare line that
 * fails this needs the full scan.
 */
export function mayHaveDuplicateKey(text: string, value: unknown): boolean {
  let raw = 0
  let p = text.indexOf('":')
  while (p !== -1) {
    if (text.charCodeAt(p - 1) !== 92) raw++
    p = text.indexOf('":', p + 2)
  }
  return raw !== countKeys(value) || text.includes('" :')
}

/** The first unpaired surrogate in any string or key of a parsed value, as its \u escape; or null. */
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
