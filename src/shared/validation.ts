// The validator's report and options: plain serialisable data shared by the engine, the CLI and the renderer.
import type { CHECKED_PURPOSES } from './purposes'

export type ValidationPurpose = (typeof CHECKED_PURPOSES)[number]
export type PurposeChoice = ValidationPurpose | 'auto'
export type ProfileId = 'openai' | 'together' | 'mistral'
export type TrainingMethod = 'supervised' | 'dpo' | 'reinforcement'
/** A line's shape: fine-tune formats (§2 of validation-rules.md), or the batch/evals request shapes. */
export type DataFormat = 'chat' | 'preference' | 'instruction' | 'text' | 'batch' | 'evals'
export type Severity = 'error' | 'warning' | 'info'

/** Placeholder values of a finding's message, so a UI can render the text in another language. */
export type FindingParams = Record<string, string | number>

/**
 * Up to 160 characters of a line around the problem (UI.md §3), as raw text: invisible characters are kept as they are
 * (a BOM as U+FEFF, bytes that are not UTF-8 as U+FFFD) for the UI to show. [start, end) is the problem's span within
 * `text` in UTF-16 code units (empty when only the line is known: the snippet is then the line's start).
 */
export interface FindingSnippet {
  text: string
  start: number
  end: number
  /** The line goes on before / after `text`. */
  cutStart?: boolean
  cutEnd?: boolean
}

export interface Finding {
  /** 1-based physical line, or null for a file-level finding. */
  line: number | null
  /** Stable catalogue code, e.g. `E_JSON_PARSE`. */
  code: string
  message: string
  hint: string
  params: FindingParams
  /** The line around the problem, for line-level findings the report lists (not every one has it). */
  snippet?: FindingSnippet
}

export interface CodeCount {
  code: string
  severity: Severity
  /** How many findings of this code the file has. */
  total: number
  /** How many of them the report lists (the rest were capped). */
  listed: number
}

export interface TokenHistogramBin {
  /** Inclusive lower bound in tokens. */
  min: number
  /** Exclusive upper bound in tokens (null for the last, open bin). */
  max: number | null
  count: number
}

export interface TokenStats {
  /**
   * `exact`: every example was tokenized with o200k_base. `sampled`: a systematic sample was tokenized and the
   * rest estimated from its tokens-per-character ratio. `estimate`: no tokenizer ran (UTF-8 bytes ÷ 4).
   */
  method: 'exact' | 'sampled' | 'estimate'
  encoding: 'o200k_base'
  /** Examples whose tokens were counted exactly. */
  exactExamples: number
  /** Sum over examples (exact where counted, estimated elsewhere). */
  total: number
  min: number
  max: number
  mean: number
  /** The longest example's line. */
  maxLine: number | null
  histogram: TokenHistogramBin[]
  /** Per-example training limit the histogram is drawn against. */
  limit: number | null
}

export interface BillableTokens {
  /** Tokens billed per epoch: each example counts up to the model's training limit. */
  perEpoch: number
  /** OpenAI's default epoch count for this many examples (its cookbook's formula). */
  epochs: number
  total: number
}

export interface ValidationStats {
  bytes: number
  lines: number
  blankLines: number
  /** Non-blank lines: examples (fine-tune), requests (batch) or rows (evals). */
  examples: number
  messages: number
  tokens: TokenStats | null
  billableTrainingTokens: BillableTokens | null
  durationMs: number
}

export interface DetectedShape {
  purpose: ValidationPurpose | null
  format: DataFormat | null
  method: TrainingMethod | null
  profile: ProfileId
  /** Batch only: the first supported endpoint and model. */
  endpoint?: string | null
  model?: string | null
}

export interface ValidationReport {
  file: string
  /** True when the file has no error-severity finding (warnings allowed). */
  valid: boolean
  /** The file stopped at a fatal finding (reported alone). */
  fatal: boolean
  errors: Finding[]
  warnings: Finding[]
  infos: Finding[]
  /** Per code: total and listed counts; findings are capped per code unless `all`. */
  counts: CodeCount[]
  /** True when some code had more findings than were listed. */
  truncated: boolean
  /**
   * Lines with at least one error, each counted once however many codes it has ("2 lines have problems"); whole-file
   * errors are not lines. Exact even when findings are capped. Absent in reports saved before it was added.
   */
  errorLines?: number
  detected: DetectedShape
  stats: ValidationStats
}

export interface ValidateOptions {
  purpose?: PurposeChoice
  profile?: ProfileId
  /** null/undefined = auto-detect. */
  method?: TrainingMethod | null
  /** A validation (not training) file: too few examples is a warning. */
  fileRole?: 'training' | 'validation'
  /** Model whose per-example token limit applies (default gpt-4o, 65,536). */
  model?: string
  /** List every finding instead of capping each code. */
  all?: boolean
  /** Findings listed per code when `all` is off (default 100). */
  maxPerCode?: number
  /** `sample` (default): exact counts on a sample, estimate for the rest; `exact`: every example; `off`: estimate only. */
  tokens?: 'sample' | 'exact' | 'off'
  signal?: AbortSignal
  onProgress?: (bytesRead: number, totalBytes: number) => void
}
