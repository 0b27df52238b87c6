// Collects findings: one per (line, code), profile severity, warning suppression on lines with errors, and a cap per code.
import type { CodeCount, Finding, FindingParams, FindingSnippet, Severity } from '../../shared/validation'
import type { Code } from './codes'
import { fillFinding } from '../../shared/locale/fill'
import type { MessageTable } from './messages'
import type { ValidationProfile } from './profiles'
import type { SnippetSource, SnippetSpan } from './snippets'

/** Warnings that are reported even on a line with errors (§1 "Suppression": encoding/JSON warnings). */
const ALWAYS_REPORTED = new Set<Code>([
  'W_UTF8_BOM',
  'W_BLANK_LINE',
  'W_UNICODE_LINE_SEPARATOR',
  'W_LONE_SURROGATE',
  'W_LINE_TOO_LONG',
  'W_DUPLICATE_JSON_KEY'
])

const EMPTY: FindingParams = {}

/**
 * A copy that holds on to nothing else: a line's text may be a slice of a whole read's text (megabytes), which a finding
 * the report keeps must not keep alive. A JSON round trip copies any string exactly, lone surrogates too.
 */
function own(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string
}

export function ownSnippet(snippet: FindingSnippet): FindingSnippet {
  return { ...snippet, text: own(snippet.text) }
}

function ownParams(params: FindingParams): FindingParams {
  const out: FindingParams = {}
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' ? own(v) : v
  return out
}

/** A set of line numbers, one bit each (10 million lines take 1.25 MB), counted as they are added. */
export class LineSet {
  private bits = new Uint32Array(0)
  size = 0

  add(line: number): void {
    const word = line >>> 5
    if (word >= this.bits.length) this.grow(word + 1)
    const bit = 1 << (line & 31)
    if ((this.bits[word] as number) & bit) return
    this.bits[word] = (this.bits[word] as number) | bit
    this.size++
  }

  /** Adds every line of `other`, a word (32 lines) at a time. */
  addAll(other: LineSet): void {
    if (other.bits.length > this.bits.length) this.grow(other.bits.length)
    for (let w = 0; w < other.bits.length; w++) {
      const mine = this.bits[w] as number
      const added = (other.bits[w] as number) & ~mine
      if (added === 0) continue
      this.bits[w] = mine | added
      this.size += bitCount(added)
    }
  }

  private grow(words: number): void {
    const grown = new Uint32Array(Math.max(words, this.bits.length * 2, 1024))
    grown.set(this.bits)
    this.bits = grown
  }
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number
}

interface Stored {
  line: number | null
  code: Code
  params: FindingParams
  severity: Severity
  snippet?: FindingSnippet
}

/** The findings of one line before they are committed: rules write here, the pipeline commits to collectors. */
export class LineSink {
  readonly codes: Code[] = []
  readonly params: FindingParams[] = []
  readonly severities: (Severity | undefined)[] = []
  /** Where the problem is in the line, when the rule knew (otherwise the snippet source looks for it). */
  readonly spans: (SnippetSpan | undefined)[] = []

  add(code: Code, params: FindingParams = EMPTY, severity?: Severity, span?: SnippetSpan): void {
    if (this.codes.includes(code)) return
    this.codes.push(code)
    this.params.push(params)
    this.severities.push(severity)
    this.spans.push(span)
  }

  has(code: Code): boolean {
    return this.codes.includes(code)
  }

  get size(): number {
    return this.codes.length
  }

  clear(): void {
    // Setting a length is a runtime call even when it is already 0: most lines have nothing to clear.
    if (this.codes.length === 0) return
    this.codes.length = 0
    this.params.length = 0
    this.severities.length = 0
    this.spans.length = 0
  }
}

export class FindingCollector {
  private readonly listed: Stored[] = []
  private readonly counts = new Map<Code, { severity: Severity; total: number; listed: number }>()
  private fatalFinding: Stored | null = null
  private errorCount = 0
  private readonly errorLines = new LineSet()

  constructor(
    private readonly profile: ValidationProfile,
    private readonly maxPerCode: number
  ) {}

  severityOf(code: Code): Severity | null {
    switch (this.profile.severities[code]) {
      case 'E':
        return 'error'
      case 'W':
        return 'warning'
      case 'I':
        return 'info'
      default:
        return null
    }
  }

  /** True when the sink holds a finding that is an error under this profile. */
  sinkHasError(sink: LineSink): boolean {
    for (let i = 0; i < sink.codes.length; i++) {
      const sev = sink.severities[i] ?? this.severityOf(sink.codes[i] as Code)
      if (sev === 'error') return true
    }
    return false
  }

  /**
   * Commits one line's findings, dropping schema/quality warnings when the line has an error. `source` (the line
   * still in memory) gives a snippet to each finding that the report will list.
   */
  commitLine(line: number, sink: LineSink, source?: SnippetSource): void {
    const hasError = this.sinkHasError(sink)
    for (let i = 0; i < sink.codes.length; i++) {
      const code = sink.codes[i] as Code
      const sev = sink.severities[i] ?? this.severityOf(code)
      if (sev === null) continue
      if (hasError && sev !== 'error' && !ALWAYS_REPORTED.has(code)) continue
      const f: Stored = { line, code, params: sink.params[i] ?? EMPTY, severity: sev }
      if (this.store(f) && source) {
        const snippet = source.snippet(code, f.params, sink.spans[i])
        if (snippet) f.snippet = ownSnippet(snippet)
      }
    }
  }

  addFile(code: Code, params: FindingParams = EMPTY): void {
    const sev = this.severityOf(code)
    if (sev !== null) this.store({ line: null, code, params, severity: sev })
  }

  /** A file-level finding with a severity the context decides (e.g. too few examples in a validation file). */
  addFileAs(code: Code, params: FindingParams, severity: Severity): void {
    if (this.severityOf(code) !== null) this.store({ line: null, code, params, severity })
  }

  /** Adds a finding to a line that was already committed (file-level passes that name a line). */
  addLine(line: number, code: Code, params: FindingParams = EMPTY, snippet?: FindingSnippet): void {
    const sev = this.severityOf(code)
    if (sev !== null) this.store(snippet ? { line, code, params, severity: sev, snippet } : { line, code, params, severity: sev })
  }

  /** Counts `code` on each of `lines` without listing any: the caller added the ones the report shows first. */
  countLines(lines: LineSet, code: Code): void {
    const severity = this.severityOf(code)
    if (severity === null || lines.size === 0) return
    const count = this.counts.get(code)
    if (count) count.total += lines.size
    else this.counts.set(code, { severity, total: lines.size, listed: 0 })
    if (severity !== 'error') return
    this.errorCount += lines.size
    this.errorLines.addAll(lines)
  }

  /** A fatal finding replaces everything else. */
  setFatal(code: Code, params: FindingParams = EMPTY, line: number | null = null): void {
    this.fatalFinding = { line, code, params, severity: 'error' }
  }

  get fatal(): boolean {
    return this.fatalFinding !== null
  }

  get errors(): number {
    return this.errorCount
  }

  /** Counts a finding and lists it unless its code is at the cap; true when it was listed. */
  private store(f: Stored): boolean {
    const count = this.counts.get(f.code)
    if (f.severity === 'error') {
      this.errorCount++
      if (f.line !== null) this.errorLines.add(f.line)
    }
    if (count === undefined) this.counts.set(f.code, { severity: f.severity, total: 1, listed: 1 })
    else {
      count.total++
      if (count.listed >= this.maxPerCode) return false
      count.listed++
    }
    // Kept to the end of the file: its strings must be its own (see own); the caller's snippet is made so when it adds one.
    f.params = ownParams(f.params)
    if (f.snippet) f.snippet = ownSnippet(f.snippet)
    this.listed.push(f)
    return true
  }

  /** Renders the collected findings into report lists, sorted by line. */
  build(texts: MessageTable): {
    errors: Finding[]
    warnings: Finding[]
    infos: Finding[]
    counts: CodeCount[]
    truncated: boolean
    fatal: boolean
    errorLines: number
  } {
    const render = (f: Stored): Finding => {
      const text = texts[f.code]
      const out: Finding = { line: f.line, code: f.code, message: fillFinding(text.message, f.params), hint: fillFinding(text.hint, f.params), params: f.params }
      if (f.snippet) out.snippet = f.snippet
      return out
    }
    if (this.fatalFinding) {
      const f = render(this.fatalFinding)
      const errorLines = f.line === null ? 0 : 1
      return { errors: [f], warnings: [], infos: [], counts: [{ code: f.code, severity: 'error', total: 1, listed: 1 }], truncated: false, fatal: true, errorLines }
    }
    const byLine = (a: Stored, b: Stored): number => (a.line ?? 0) - (b.line ?? 0)
    const sorted = this.listed.slice().sort(byLine)
    const errors: Finding[] = []
    const warnings: Finding[] = []
    const infos: Finding[] = []
    for (const f of sorted) (f.severity === 'error' ? errors : f.severity === 'warning' ? warnings : infos).push(render(f))
    const counts: CodeCount[] = []
    let truncated = false
    for (const [code, c] of this.counts) {
      counts.push({ code, severity: c.severity, total: c.total, listed: c.listed })
      if (c.listed < c.total) truncated = true
    }
    counts.sort((a, b) => rank(a.severity) - rank(b.severity) || b.total - a.total)
    return { errors, warnings, infos, counts, truncated, fatal: false, errorLines: this.errorLines.size }
  }
}

function rank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2
}
