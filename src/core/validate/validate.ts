// The validation pipeline (validation-rules.md §2): head checks, one streaming pass of line rules, file-level rules.
import { isUtf8 } from 'node:buffer'
import { open, readFile, stat } from 'node:fs/promises'
import { FerryError } from '../errors'
import type {
  DataFormat,
  FindingParams,
  FindingSnippet,
  PurposeChoice,
  TrainingMethod,
  ValidateOptions,
  ValidationPurpose,
  ValidationReport
} from '../../shared/validation'
import type { Code } from './codes'
import { FORMAT_NAMES, METHOD_FORMATS, foreignShapeHint, formatSignature, isObject, purposeSignature, signatureKeys, type JsonObject } from './detect'
import { FindingCollector, LineSet, LineSink, ownSnippet } from './findings'
import { FingerprintTable, hashJson } from './fingerprints'
import { MAX_DEPTH, countKeys, findDuplicateKeyAt, findJsonSyntaxProblem, findLoneSurrogate, mayHaveDuplicateKey, tooDeepAt } from './json-scan'
import { EN, type MessageTable } from './messages'
import { PROFILES, tokenLimitFor, type ValidationProfile } from './profiles'
import { readLines, type LineHandler } from './reader'
import { BatchState, checkBatchLine } from './rules/batch'
import { checkChatLine, type ChatSummary } from './rules/chat'
import { formatBytes, typeName, type RuleContext } from './rules/context'
import { checkEvalsLine } from './rules/evals'
import { checkInstructionLine, checkTextLine } from './rules/instruction'
import { checkPreferenceLine } from './rules/preference'
import { HEAD_BYTES, csvColumns, looksCrSeparated, sniffHead } from './sniff'
import { LineSnippets, type SnippetSpan } from './snippets'
import { TokenTally, type TooLong } from './tokens'

/** Ferry's own line bound (W_LINE_TOO_LONG): longer lines are skipped, never held in memory. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024
/** Files up to this size get the exact whole-file JSON test (E_NOT_JSON_LINES); larger ones a heuristic. */
const WHOLE_JSON_TEST_BYTES = 32 * 1024 * 1024
const DEFAULT_MAX_PER_CODE = 100
const MAX_PENDING_HINTS = 1000

export interface ValidateDeps {
  /** Overrides the profile named in the options (tests, future providers). */
  profile?: ValidationProfile
  texts?: MessageTable
  maxLineBytes?: number
  chunkBytes?: number
}

type ChatMode = 'sft' | 'rft' | null

/** One interpretation of the file with its own findings (SFT and RFT run side by side until the data decides). */
interface Mode {
  kind: ChatMode
  collector: FindingCollector
  sink: LineSink
  ctx: RuleContext
}

const LS = Buffer.from([0xe2, 0x80, 0xa8])
const PS = Buffer.from([0xe2, 0x80, 0xa9])
const NEL = Buffer.from([0xc2, 0x85])
const SURROGATE_ESCAPES = [Buffer.from('\\ud'), Buffer.from('\\uD')]
const MAX_MARKS = 100_000
const TEXT_WINDOW = 32 * 1024

function findAll(region: Buffer, patterns: Buffer[], base: number, out: number[]): boolean {
  for (const pat of patterns) {
    let p = region.indexOf(pat)
    while (p !== -1) {
      if (out.length >= MAX_MARKS) return true
      out.push(base + p)
      p = region.indexOf(pat, p + 1)
    }
  }
  return false
}

function marked(marks: number[], all: boolean, s: number, e: number): boolean {
  if (all) return true
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i] as number
    if (m >= s && m < e) return true
  }
  return false
}

function isBlank(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const b = buf[i]
    if (b !== 32 && b !== 9 && b !== 13) return false
  }
  return true
}

const METHOD_NAMES: Record<TrainingMethod, string> = { supervised: 'supervised', dpo: 'preference (DPO)', reinforcement: 'reinforcement' }
const WEIGHT_TOKEN = /"weight"\s*:\s*(-?[0-9][0-9.eE+-]*)/g

class LineValidator implements LineHandler {
  stopped = false
  modes: Mode[]
  purpose: ValidationPurpose | null = null
  private purposeResolved = false
  fileFormat: DataFormat | null = null
  method: TrainingMethod | null
  private rftUndecided: boolean
  private rftSignal = false
  private anyAssistant = false
  /**
   * Lines with no format signature seen before the file's format is known: those the report will list (maxPerCode)
   * with hint and snippet, the rest only by number (one bit each), so a file of them keeps nothing per line.
   */
  private readonly pending: { line: number; hint: string; snippet?: FindingSnippet }[] = []
  private pendingLines = new LineSet()
  /** Duplicate examples: 4M slots (48 MB) remember the first ~2.9M distinct lines; later lines are still looked up. */
  private examples = new FingerprintTable(1 << 22)
  readonly batch = new BatchState()
  readonly tally: TokenTally
  private readonly tokensOff: boolean
  /** Lines over the line bound (W_LINE_TOO_LONG): at least 32 MiB each, so few. */
  private readonly overBound: { line: number; bytes: number }[] = []
  /** The last line noted for an exact over-the-limit count, and which modes had errors on such lines. */
  private candidate = 0
  private readonly candidateErrors = new Map<number, (ChatMode | false)[]>()
  nonBlank = 0
  blankLines = 0
  crlf = false
  messages = 0
  imageExamples = 0
  webImages = 0
  noSystem = 0
  usesFunctions = false
  parseFailures = 0
  /** Lines that are not UTF-8 (with parseFailures: the lines that are not JSON, for E_CSV_FILE). */
  notUtf8 = 0
  firstNonBlankFailed = false
  firstNonBlankArray = false
  firstNonBlankText = ''
  private firstSeen = false
  private readonly sepMarks: number[] = []
  private sepAll = false
  private readonly surMarks: number[] = []
  private surAll = false
  /** The buffer up to where the current read's data ends. */
  private view: Buffer = Buffer.alloc(0)
  /**
   * A window of whole lines (up to TEXT_WINDOW bytes, ending by `textUntil`) checked as UTF-8 and decoded at once: each
   * line is then the next piece of it, from `cursor`. Short lines would otherwise pay two calls each; small windows
   * keep the strings young garbage.
   */
  private windowText: string | null = null
  /** Where the window starts in the buffer when it is ASCII, else -1. */
  private windowAt = -1
  private textUntil = 0
  private cursor = 0
  /** The current line, for the snippets of the findings the report keeps. */
  private readonly snip = new LineSnippets()

  constructor(
    readonly profile: ValidationProfile,
    readonly choice: PurposeChoice,
    chosenMethod: TrainingMethod | null,
    private readonly bom: boolean,
    private readonly maxPerCode: number,
    fileBytes: number,
    tokensMode: 'sample' | 'exact' | 'off',
    readonly limit: { model: string; limit: number }
  ) {
    this.method = chosenMethod
    const mk = (kind: ChatMode): Mode => {
      const sink = new LineSink()
      return { kind, collector: new FindingCollector(profile, maxPerCode), sink, ctx: { profile, sink } }
    }
    // Without a chosen method an OpenAI chat file may be RFT; both readings run until a line decides (§2).
    this.rftUndecided = chosenMethod === null && profile.limits.maxRftExamples !== null && choice !== 'batch' && choice !== 'evals'
    this.modes = this.rftUndecided ? [mk('sft'), mk('rft')] : [mk(chosenMethod === 'reinforcement' ? 'rft' : 'sft')]
    this.tally = new TokenTally(tokensMode, fileBytes, limit.limit)
    this.tokensOff = tokensMode === 'off'
  }

  chunk(buf: Buffer, from: number, to: number): void {
    this.sepMarks.length = 0
    this.surMarks.length = 0
    const region = buf.subarray(from, to)
    this.sepAll = findAll(region, [LS, PS, NEL], from, this.sepMarks)
    this.surAll = findAll(region, SURROGATE_ESCAPES, from, this.surMarks)
    this.view = buf.subarray(0, to)
    this.textUntil = 0
  }

  private addCommon(code: Code, params?: FindingParams, span?: SnippetSpan): void {
    for (const m of this.modes) m.sink.add(code, params, undefined, span)
  }

  /** Commits the line's findings; `withSnippets` when the line is still in the buffer (not for skipped long lines). */
  private commit(line: number, withSnippets = true): void {
    const source = withSnippets ? this.snip : undefined
    for (const m of this.modes) m.collector.commitLine(line, m.sink, source)
  }

  fatal(code: Code, params: FindingParams = {}, line: number | null = null): void {
    for (const m of this.modes) m.collector.setFatal(code, params, line)
    this.stopped = true
  }

  tooLong(lineNo: number, bytes: number): void {
    for (const m of this.modes) m.sink.clear()
    this.nonBlank++
    this.firstSeen = true
    this.addCommon('W_LINE_TOO_LONG', { n: lineNo, size: formatBytes(bytes) })
    this.commit(lineNo, false)
    this.overBound.push({ line: lineNo, bytes })
  }

  /**
   * W_EXAMPLE_TOO_LONG for lines over the line bound: not read, but their tokens are at least bytes ÷ 4 (§4.12's
   * estimate), far over any training limit — a quality warning of its own after W_LINE_TOO_LONG (§2 step 8, §4.1).
   */
  addOverBoundExamples(): void {
    for (const { line, bytes } of this.overBound) {
      const n = Math.ceil(bytes / 4)
      if (n <= this.limit.limit) continue
      for (const m of this.modes) m.collector.addLine(line, 'W_EXAMPLE_TOO_LONG', { n, model: this.limit.model, limit: this.limit.limit })
    }
  }

  /**
   * The line [s, e) as the next piece of the decoded window, opening a window at s when needed; null when the line is
   * longer than a window or its window is not all UTF-8 (then each line is checked and decoded alone).
   */
  private piece(buf: Buffer, s: number, e: number, crlf: boolean): string | null {
    if (e > this.textUntil) {
      const lf = buf.lastIndexOf(10, Math.min(this.view.length, s + TEXT_WINDOW) - 1)
      if (lf < e) return null
      this.windowText = isUtf8(buf.subarray(s, lf)) ? buf.toString('utf8', s, lf) : null
      this.windowAt = this.windowText?.length === lf - s ? s : -1
      this.textUntil = lf
      this.cursor = 0
    }
    const t = this.windowText
    if (t === null) return null
    // An ASCII window: characters are bytes.
    if (this.windowAt >= 0) return t.slice(s - this.windowAt, e - this.windowAt)
    // Else lines come in order, each ending at the next LF of the window.
    let next = t.indexOf('\n', this.cursor)
    if (next === -1) next = t.length
    const piece = t.slice(this.cursor, crlf ? next - 1 : next)
    this.cursor = next + 1
    return piece
  }

  line(buf: Buffer, s: number, e: number, lineNo: number, crlf: boolean, base: number): void {
    const piece = this.piece(buf, s, e, crlf)
    if (crlf) this.crlf = true
    for (const m of this.modes) m.sink.clear()
    const bom = lineNo === 1 && this.bom
    if (bom) {
      s += 3
      this.addCommon('W_UTF8_BOM')
    }
    this.snip.set(buf, s, e, bom)
    if (isBlank(buf, s, e)) {
      this.blankLines++
      this.addCommon('W_BLANK_LINE')
      return this.commit(lineNo)
    }
    this.nonBlank++
    const first = !this.firstSeen
    this.firstSeen = true
    if (piece === null && !isUtf8(buf.subarray(s, e))) {
      this.addCommon('E_INVALID_UTF8')
      this.notUtf8++
      if (first) this.firstNonBlankFailed = true
      return this.commit(lineNo)
    }
    // A BOM is a character of the decoded text too.
    const text = piece === null ? buf.toString('utf8', s, e) : bom ? piece.slice(1) : piece
    this.snip.text = text
    if (first && text.length <= 8) this.firstNonBlankText = text.trim()
    if (this.sepMarks.length > 0 && marked(this.sepMarks, this.sepAll, s, e) && /[\u2028\u2029\u0085]/.test(text)) this.addCommon('W_UNICODE_LINE_SEPARATOR')
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      const deep = tooDeepAt(text)
      if (deep >= 0) this.addTooDeep(deep)
      else {
        const problem = findJsonSyntaxProblem(text)
        // detailKey + its params let other languages say the English detail in their own words.
        this.addCommon('E_JSON_PARSE', { detail: problem.detail, c: problem.offset + 1, detailKey: problem.detailKey, ...problem.detailParams })
      }
      this.parseFailures++
      if (first) this.firstNonBlankFailed = true
      return this.commit(lineNo)
    }
    if (!isObject(value)) {
      this.addCommon('E_LINE_NOT_OBJECT', { type: value === null ? 'null' : Array.isArray(value) ? 'a list [ ]' : typeName(value) })
      this.parseFailures++
      if (first && Array.isArray(value)) this.firstNonBlankArray = true
      return this.commit(lineNo)
    }
    const keys = countKeys(value)
    if (keys < 0) {
      // No further checks: nothing could read the line, and its walks would go as deep as the line says.
      this.addTooDeep(tooDeepAt(text))
      return this.commit(lineNo)
    }
    // The view ends where the data does: a search for the line's last colon stops at the next line's first one.
    if (mayHaveDuplicateKey(this.view, s, e, keys)) {
      const dup = findDuplicateKeyAt(text)
      if (dup !== null) this.addCommon('W_DUPLICATE_JSON_KEY', { key: dup.key }, dup)
    }
    if ((this.surMarks.length > 0 || this.surAll) && marked(this.surMarks, this.surAll, s, e)) {
      const esc = findLoneSurrogate(value)
      if (esc !== null) this.addCommon('W_LONE_SURROGATE', { esc })
    }
    this.dispatch(value, s, e, lineNo, text, base)
    if (this.stopped) return
    this.commit(lineNo)
    if (this.candidate === lineNo) this.candidateErrors.set(lineNo, this.modes.map((m) => m.collector.sinkHasError(m.sink) && m.kind))
  }

  private addTooDeep(at: number): void {
    this.addCommon('E_NESTING_TOO_DEEP', { max: MAX_DEPTH }, { start: at, end: at + 1 })
  }

  /** Drops whole-file pass state before the token pass, so their memory peaks do not add up. */
  endPass(): void {
    this.examples = new FingerprintTable(16, 16)
  }

  /** W_EXAMPLE_TOO_LONG for lines the exact count put over the limit, unless the line has errors (suppression). */
  addTooLong(lines: TooLong[]): void {
    for (const { line, tokens } of lines) {
      for (const m of this.modes) {
        if (this.candidateErrors.get(line)?.includes(m.kind)) continue
        m.collector.addLine(line, 'W_EXAMPLE_TOO_LONG', { n: tokens, model: this.limit.model, limit: this.limit.limit })
      }
    }
  }

  private resolvePurpose(o: JsonObject): boolean {
    this.purposeResolved = true
    const sig = purposeSignature(o)
    if (this.choice === 'auto') this.purpose = sig ?? 'fine-tune'
    else {
      this.purpose = this.choice
      if (sig !== null && sig !== this.choice && !matchesPurpose(o, this.choice)) {
        this.fatal('E_WRONG_PURPOSE', { detected: sig, keys: signatureKeys(o, sig), purpose: this.choice })
        return false
      }
    }
    if (this.purpose !== 'fine-tune' && this.modes.length > 1) this.modes.length = 1
    return true
  }

  private dispatch(o: JsonObject, s: number, e: number, lineNo: number, text: string, base: number): void {
    if (!this.purposeResolved && !this.resolvePurpose(o)) return
    if (this.purpose === 'batch') {
      const m = this.modes[0] as Mode
      checkBatchLine(o, lineNo, this.batch, m.ctx)
      if (isObject(o.body)) this.tally.note(lineNo, base + s, e - s, 'batch')
      return
    }
    if (this.purpose === 'evals') {
      checkEvalsLine(o, (this.modes[0] as Mode).ctx)
      return
    }
    const fmt = formatSignature(o)
    if (this.fileFormat === null) {
      if (fmt === null) {
        const n = this.pending.length
        if (n >= this.maxPerCode) return this.pendingLines.add(lineNo)
        const snippet = this.snip.snippet('E_UNKNOWN_FORMAT', {}, undefined)
        this.pending.push({ line: lineNo, hint: n < MAX_PENDING_HINTS ? foreignShapeHint(o) : '', ...(snippet ? { snippet: ownSnippet(snippet) } : {}) })
        return
      }
      if (!this.resolveFormat(fmt)) return
    }
    const fileFormat = this.fileFormat as DataFormat
    if (fmt === null) return this.addMissingField(o, fileFormat)
    if (fmt !== fileFormat) return this.addCommon('E_MIXED_FORMATS', { lineFmt: FORMAT_NAMES[fmt], fileFmt: FORMAT_NAMES[fileFormat] })

    let summary: ChatSummary | null = null
    for (const m of this.modes) {
      const s1 = this.checkExample(o, fileFormat, m, text)
      summary ??= s1
    }
    if (summary !== null) {
      this.messages += summary.messages
      if (summary.images > 0) this.imageExamples++
      this.webImages += summary.webImages
      if (!summary.hasSystem && fileFormat === 'chat') this.noSystem++
      if (summary.usesFunctions) this.usesFunctions = true
      if (summary.hasExtraKeys) this.rftSignal = true
      if (summary.hasAssistant && fileFormat === 'chat') this.anyAssistant = true
      if (this.rftUndecided && this.anyAssistant) this.decideRft(false)
    }
    // The canonical JSON (§4.12), from the value already parsed: key order, spacing and where the line sits don't count.
    hashJson(o)
    const firstLine = this.examples.seen(lineNo)
    if (firstLine !== 0) this.addCommon('W_DUPLICATE_EXAMPLE', { first: firstLine })
    if (this.tally.note(lineNo, base + s, e - s, fileFormat)) this.candidate = lineNo
    else if (this.tokensOff && this.tally.estimateOff(e - s) > this.limit.limit)
      this.addCommon('W_EXAMPLE_TOO_LONG', { n: this.tally.estimateOff(e - s), model: this.limit.model, limit: this.limit.limit })
  }

  private checkExample(o: JsonObject, fmt: DataFormat, m: Mode, text: string): ChatSummary | null {
    switch (fmt) {
      case 'chat': {
        const summary = checkChatLine(o, m.kind === 'rft' ? 'rft' : 'sft', m.ctx)
        if (this.profile.strictWeightTokens && text.includes('"weight"')) checkWeightTokens(text, m)
        return summary
      }
      case 'preference':
        return checkPreferenceLine(o, m.ctx)
      case 'instruction':
        checkInstructionLine(o, m.ctx)
        return null
      case 'text':
        checkTextLine(o, m.ctx)
        return null
      default:
        return null
    }
  }

  /** Settles SFT vs RFT: drops the other reading's findings. */
  decideRft(rft: boolean): void {
    this.rftUndecided = false
    this.modes = this.modes.filter((m) => m.kind === (rft ? 'rft' : 'sft'))
    this.method = rft ? 'reinforcement' : 'supervised'
  }

  finishMethod(): void {
    if (this.rftUndecided) this.decideRft(this.fileFormat === 'chat' && this.rftSignal && !this.anyAssistant)
    if (this.method === null && this.fileFormat !== null) this.method = this.fileFormat === 'preference' ? 'dpo' : 'supervised'
  }

  private resolveFormat(fmt: DataFormat): boolean {
    this.fileFormat = fmt
    if (!this.profile.fineTuneFormats.includes(fmt)) {
      this.fatal('E_UNSUPPORTED_FORMAT', { provider: this.profile.name, fmt: FORMAT_NAMES[fmt] })
      return false
    }
    if (this.method !== null && !METHOD_FORMATS[this.method].includes(fmt)) {
      this.fatal('E_METHOD_FORMAT_MISMATCH', { method: METHOD_NAMES[this.method], fmt: FORMAT_NAMES[fmt] })
      return false
    }
    if (fmt !== 'chat' && this.rftUndecided) {
      // Only chat can be RFT: keep the supervised reading; the method follows from the format.
      this.rftUndecided = false
      this.modes = this.modes.filter((m) => m.kind === 'sft')
    }
    this.flushPending(fmt)
    return true
  }

  private missingFieldCode(fmt: DataFormat | null): { code: Code; params: (hint: string) => FindingParams } {
    switch (fmt) {
      case 'chat':
        return { code: 'E_MISSING_MESSAGES', params: () => ({}) }
      case 'preference':
        return { code: 'E_DPO_MISSING_FIELD', params: () => ({ field: 'input' }) }
      case 'instruction':
        return { code: 'E_LEGACY_MISSING_FIELD', params: () => ({}) }
      default:
        return { code: 'E_UNKNOWN_FORMAT', params: (hint) => ({ hint }) }
    }
  }

  private addMissingField(o: JsonObject, fmt: DataFormat): void {
    const { code, params } = this.missingFieldCode(fmt)
    this.addCommon(code, params(foreignShapeHint(o)))
  }

  /** Lines that had no signature get the file format's missing-field error, or E_UNKNOWN_FORMAT (§1). */
  flushPending(fmt: DataFormat | null): void {
    const { code, params } = this.missingFieldCode(fmt)
    for (const p of this.pending) for (const m of this.modes) m.collector.addLine(p.line, code, params(p.hint), p.snippet)
    for (const m of this.modes) m.collector.countLines(this.pendingLines, code)
    this.pending.length = 0
    this.pendingLines = new LineSet()
  }
}

function matchesPurpose(o: JsonObject, purpose: ValidationPurpose): boolean {
  if (purpose === 'batch') return o.custom_id !== undefined || (isObject(o.body) && (o.url !== undefined || o.method !== undefined))
  if (purpose === 'evals') return o.item !== undefined
  return formatSignature(o) !== null
}

/** Together rejects weight tokens such as 1.0 that JSON.parse turns into 1 (§6). */
function checkWeightTokens(text: string, m: Mode): void {
  WEIGHT_TOKEN.lastIndex = 0
  let t: RegExpExecArray | null
  while ((t = WEIGHT_TOKEN.exec(text)) !== null) {
    if (t[1] !== '0' && t[1] !== '1') {
      const end = t.index + t[0].length
      m.sink.add('E_INVALID_WEIGHT', undefined, undefined, { start: end - (t[1] as string).length, end })
      return
    }
  }
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/** The exact whole-file JSON test (step 4), or a heuristic for files too large to hold. */
async function isWholeJsonDocument(path: string, size: number, v: LineValidator): Promise<boolean> {
  const candidate = v.firstNonBlankFailed || (v.nonBlank === 1 && v.firstNonBlankArray)
  if (!candidate) return false
  if (size <= WHOLE_JSON_TEST_BYTES) {
    try {
      JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''))
      return true
    } catch {
      return false
    }
  }
  return (v.firstNonBlankText === '[' || v.firstNonBlankText === '{') && v.parseFailures >= v.nonBlank * 0.9
}

function asCancelled(err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || (err as Error)?.name === 'AbortError')
    return new FerryError('validation_cancelled', 'The check was stopped.', { hint: 'Press Check again to start over.', cause: err })
  return err
}

export async function validateFile(path: string, options: ValidateOptions = {}, deps: ValidateDeps = {}): Promise<ValidationReport> {
  const started = performance.now()
  const profile = deps.profile ?? PROFILES[options.profile ?? 'openai']
  const texts = deps.texts ?? EN
  const choice = options.purpose ?? 'auto'
  const maxPerCode = options.all ? Number.POSITIVE_INFINITY : (options.maxPerCode ?? DEFAULT_MAX_PER_CODE)
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new FerryError(err.code === 'ENOENT' ? 'file_missing' : 'file_unreadable', `Cannot read ${path}: ${err.code ?? err.message}.`, {
      hint: 'Check the path and that the file exists.',
      cause: err
    })
  })
  if (!info.isFile()) throw new FerryError('not_a_file', `${path} is not a file.`, { hint: 'Choose the .jsonl file itself.' })
  const size = info.size
  const limit = tokenLimitFor(profile, options.model)
  const head = size > 0 ? await readHead(path) : Buffer.alloc(0)
  const verdict = sniffHead(head)
  const v = new LineValidator(profile, choice, options.method ?? null, verdict.bom, maxPerCode, size, options.tokens ?? 'sample', limit)

  let finalNewline = true
  let lfCount = 0
  const read = { maxLineBytes: deps.maxLineBytes ?? MAX_LINE_BYTES, chunkBytes: deps.chunkBytes }
  if (size === 0) v.fatal('E_EMPTY_FILE')
  else if (verdict.fatal) v.fatal(verdict.fatal.code, verdict.fatal.params)
  else {
    try {
      const summary = await readLines(path, v, {
        ...read,
        signal: options.signal,
        onProgress: options.onProgress ? (n) => options.onProgress?.(n, size) : undefined
      })
      finalNewline = summary.finalNewline
      lfCount = summary.lfCount
    } catch (err) {
      throw asCancelled(err, options.signal)
    }
    const wasFatal = v.stopped
    if (!wasFatal && lfCount === 0 && looksCrSeparated(head, true)) v.fatal('E_CR_LINE_ENDINGS')
    else if (!wasFatal && v.nonBlank === 0) v.fatal('E_EMPTY_FILE')
    else if (await isWholeJsonDocument(path, size, v)) v.fatal('E_NOT_JSON_LINES')
    else if (!wasFatal && v.firstNonBlankFailed && v.parseFailures + v.notUtf8 >= v.nonBlank * 0.9) {
      // Most lines are not JSON and the start reads as a table: say "CSV" once instead of a parse error per row.
      const columns = csvColumns(head, size <= head.length)
      if (columns !== null) v.fatal('E_CSV_FILE', { columns })
    }
  }

  if (!v.stopped) {
    v.endPass()
    try {
      v.addTooLong(await v.tally.finish(path, read, options.signal))
    } catch (err) {
      throw asCancelled(err, options.signal)
    }
    addFileFindings(v, size, options, finalNewline)
  }
  v.finishMethod()
  const mode = v.modes[0] as Mode
  const built = mode.collector.build(texts)
  const purpose = v.purpose ?? (choice === 'auto' ? null : choice)
  const tokenStats = built.fatal ? null : v.tally.stats()
  return {
    file: path,
    valid: built.errors.length === 0,
    fatal: built.fatal,
    errors: built.errors,
    warnings: built.warnings,
    infos: built.infos,
    counts: built.counts,
    truncated: built.truncated,
    errorLines: built.errorLines,
    detected: {
      purpose,
      format: purpose === 'batch' ? 'batch' : purpose === 'evals' ? 'evals' : v.fileFormat,
      method: purpose === 'fine-tune' ? v.method : null,
      profile: profile.id,
      ...(purpose === 'batch' ? { endpoint: v.batch.firstUrl?.url ?? null, model: v.batch.firstModel } : {})
    },
    stats: {
      bytes: size,
      lines: v.nonBlank + v.blankLines,
      blankLines: v.blankLines,
      examples: v.nonBlank,
      messages: v.messages,
      tokens: tokenStats,
      // The epochs follow the examples the provider counts: every non-blank line, as stats.examples says.
      billableTrainingTokens: purpose === 'fine-tune' && tokenStats !== null ? v.tally.billableTokens(v.nonBlank) : null,
      durationMs: Math.round(performance.now() - started)
    }
  }
}

function addFileFindings(v: LineValidator, size: number, options: ValidateOptions, finalNewline: boolean): void {
  const { profile } = v
  const limits = profile.limits
  const purpose = v.purpose ?? (v.choice === 'auto' ? 'fine-tune' : v.choice)
  const add = (code: Code, params: FindingParams = {}): void => {
    for (const m of v.modes) m.collector.addFile(code, params)
  }
  if (purpose === 'fine-tune' && v.fileFormat === null) v.flushPending(null)
  const max = limits.fileBytes[purpose]
  if (size > max) add('E_FILE_TOO_LARGE', { size: formatBytes(size), limit: formatBytes(max) })
  const n = v.nonBlank
  if (purpose === 'fine-tune') {
    v.finishMethod()
    v.addOverBoundExamples()
    if (n < limits.minExamples) {
      // A validation file may be small: the same finding, as a warning (§4.3).
      if (options.fileRole === 'validation') for (const m of v.modes) m.collector.addFileAs('E_TOO_FEW_EXAMPLES', { n, min: limits.minExamples }, 'warning')
      else add('E_TOO_FEW_EXAMPLES', { n, min: limits.minExamples })
    }
    if (n < 50) add('I_FEW_EXAMPLES', { n })
    const rftMax = limits.maxRftExamples
    if (v.method === 'reinforcement' && rftMax !== null) {
      const cap = options.fileRole === 'validation' ? rftMax.validation : rftMax.training
      if (n > cap) add('E_TOO_MANY_EXAMPLES', { n, max: cap })
    } else if (limits.maxExamples !== null && n > limits.maxExamples) add('E_TOO_MANY_EXAMPLES', { n, max: limits.maxExamples })
    if (limits.maxImageExamples !== null && v.imageExamples > limits.maxImageExamples) add('E_TOO_MANY_IMAGE_EXAMPLES', { n: v.imageExamples })
    if (v.fileFormat === 'instruction') add('W_LEGACY_FORMAT')
    if (v.fileFormat === 'chat' && v.noSystem > 0) add('I_NO_SYSTEM_MESSAGE', { n: v.noSystem })
    if (v.usesFunctions) add('I_DEPRECATED_FUNCTIONS')
    if (v.webImages > 0) add('I_REMOTE_IMAGE', { n: v.webImages })
    if (profile.id === 'openai') add('I_MODERATION')
    const stats = v.tally.stats()
    // n is stats.examples (one figure for "examples" everywhere), not only the lines the token count could read.
    if (stats) add('I_TOKEN_STATS', { tokens: stats.total, n })
  } else if (purpose === 'batch') {
    if (n > limits.maxBatchRequests) add('E_BATCH_TOO_MANY_REQUESTS', { n, max: limits.maxBatchRequests })
    if (v.batch.embeddingInputs > limits.maxEmbeddingInputsPerBatch) add('E_BATCH_TOO_MANY_EMBEDDING_INPUTS', { n: v.batch.embeddingInputs })
  }
  if (v.crlf) add('I_CRLF_LINE_ENDINGS')
  if (!finalNewline) add('I_NO_FINAL_NEWLINE')
}
