// Shapes a ValidationReport for the panel: groups per rule, "Line 3, 8 and 41 more" headers, findings in the UI
// language (from code + params) and snippet pieces as plain text.
import type { Finding, FindingSnippet, Severity, ValidationReport } from '../../../shared/validation'
import type { Language, Translator } from '../../../shared/locale'
import { renderFinding } from '../../../shared/locale/validation'

export interface FindingGroup {
  code: string
  severity: Severity
  /** All findings of this code in the file (the report may list fewer). */
  total: number
  findings: Finding[]
  /** Sorted line numbers of the listed findings (file-level findings have none). */
  lines: number[]
  message: string
  hint: string
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/**
 * A finding's message and fix hint in the UI language. English is the report's own text (the validator wrote it);
 * other languages are rendered from the code and params, falling back to the report's text for an unknown code.
 */
export function findingText(f: Finding, lang: Language = 'en'): { message: string; hint: string } {
  if (lang !== 'en') {
    const text = renderFinding(f.code, f.params, lang)
    if (text) return text
  }
  return { message: f.message, hint: f.hint }
}

/** One group per code: errors first, then warnings, then notes; within each, the most frequent first. */
export function groupFindings(report: ValidationReport, lang: Language = 'en'): FindingGroup[] {
  const bySev: [Severity, Finding[]][] = [
    ['error', report.errors],
    ['warning', report.warnings],
    ['info', report.infos]
  ]
  const groups = new Map<string, FindingGroup>()
  for (const [severity, list] of bySev) {
    for (const f of list) {
      let g = groups.get(f.code)
      if (!g) {
        const count = report.counts.find((c) => c.code === f.code)
        g = { code: f.code, severity: count?.severity ?? severity, total: count?.total ?? 0, findings: [], lines: [], message: f.message, hint: f.hint }
        groups.set(f.code, g)
      }
      g.findings.push(f)
    }
  }
  for (const g of groups.values()) {
    g.findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    g.lines = [...new Set(g.findings.map((f) => f.line).filter((l): l is number => l !== null))].sort((a, b) => a - b)
    g.total = Math.max(g.total, g.findings.length)
    const first = g.findings[0]
    if (first) {
      const text = findingText(first, lang)
      g.message = text.message
      g.hint = text.hint
    }
  }
  return [...groups.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.total - a.total)
}

/** "Whole file", "Line 3", "Line 3 and 8", "Line 3, 8 and 41 more". */
export function groupWhere(tr: Translator, g: FindingGroup): string {
  const [a, b] = g.lines
  if (a === undefined) return tr.t('group.wholeFile')
  const more = Math.max(0, g.total - 2)
  if (b === undefined) return tr.t('group.line1', { a: String(a) })
  if (more === 0) return tr.t('group.line2', { a: String(a), b: String(b) })
  return tr.tp('group.lineMore', more, { a: String(a), b: String(b) })
}

/**
 * Lines with an error, each once: the number in "Not ready: {n} lines have problems" (the queue row says the same, from
 * the check's verdict). A report saved before the validator counted them: the distinct lines it lists.
 */
export function problemLines(report: ValidationReport): number {
  return report.errorLines ?? new Set(report.errors.map((f) => f.line).filter((l) => l !== null)).size
}

/** Error-severity findings of the whole report, lines and file. */
export function errorTotal(report: ValidationReport): number {
  return report.counts.filter((c) => c.severity === 'error').reduce((n, c) => n + c.total, 0) || report.errors.length
}

export function warningTotal(report: ValidationReport): number {
  return report.counts.filter((c) => c.severity === 'warning').reduce((n, c) => n + c.total, 0) || report.warnings.length
}

export interface SnippetPieces {
  before: string
  mark: string
  after: string
}

export const SNIPPET_MAX = 160

/**
 * Cuts the snippet to ≤ 160 characters around the problem and makes invisible characters visible. The pieces are
 * plain text: render them as text nodes (never as HTML). An empty range gives an empty mark.
 */
export function snippetPieces(s: FindingSnippet): SnippetPieces {
  const len = s.text.length
  const start = clamp(s.start, 0, len)
  const end = clamp(s.end, start, len)
  let from = 0
  let to = len
  if (len > SNIPPET_MAX) {
    const room = Math.max(0, SNIPPET_MAX - (end - start))
    from = clamp(start - Math.floor(room / 2), 0, len)
    to = clamp(from + SNIPPET_MAX, 0, len)
    from = clamp(to - SNIPPET_MAX, 0, len)
  }
  const before = (from > 0 || s.cutStart ? '…' : '') + showInvisibles(s.text.slice(from, start))
  const mark = showInvisibles(s.text.slice(start, Math.min(end, to)))
  const after = showInvisibles(s.text.slice(Math.min(end, to), to)) + (to < len || s.cutEnd ? '…' : '')
  return { before, mark, after }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v))
}

/** BOM → [BOM], tab → →, U+2028 → [LS], U+2029 → [PS], broken surrogates and control characters → �. */
export function showInvisibles(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0xfeff) out += '[BOM]'
    else if (c === 0x09) out += '→'
    else if (c === 0x2028) out += '[LS]'
    else if (c === 0x2029) out += '[PS]'
    else if (c === 0x85) out += '[NEL]'
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!
        i++
      } else out += '\uFFFD'
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\uFFFD'
    else if (c < 0x20 || c === 0x7f) out += '\uFFFD'
    else out += text[i]!
  }
  return out
}
