// Token statistics: exact o200k_base counts on a systematic sample (or every example), a calibrated estimate for the rest.
import { isUtf8 } from 'node:buffer'
import { readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { BillableTokens, DataFormat, TokenStats } from '../../shared/validation'
import { FerryError } from '../errors'
import { formatSignature, isObject, type JsonObject } from './detect'
import { countKeys } from './json-scan'
import { readLines, type LineHandler } from './reader'

export interface Tokenizer {
  countTokens(text: string): number
  setMergeCacheSize(size: number): void
}

let tokenizer: Tokenizer | null = null

// Loaded on first use, synchronously (the CJS build), so files that never need a count never pay its ~75 MB.
function o200k(): Tokenizer {
  if (tokenizer === null) {
    const require = createRequire(import.meta.url)
    tokenizer = require('gpt-tokenizer/encoding/o200k_base') as Tokenizer
    // A small merge cache keeps memory flat on long runs; the sample is small anyway.
    tokenizer.setMergeCacheSize(5_000)
  }
  return tokenizer
}

/** Bytes of lines counted exactly in `sample` mode; files up to this size are counted exactly. */
export const SAMPLE_BYTES = 2 * 1024 * 1024
const BOUNDS = [0, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]
// Per-message and per-example framing tokens (OpenAI cookbook's count).
const PER_MESSAGE = 4
const PER_EXAMPLE = 3

/** The text a model reads from one example or request, and its message count. */
export function exampleText(o: JsonObject, format: DataFormat): { text: string; messages: number } {
  const parts: string[] = []
  let messages = 0
  const addMessages = (list: unknown): void => {
    if (!Array.isArray(list)) return
    for (const m of list) {
      if (!isObject(m)) continue
      messages++
      addContent(m.content, parts)
      if (Array.isArray(m.tool_calls)) for (const c of m.tool_calls) if (isObject(c) && isObject(c.function)) addContent(c.function.arguments, parts)
      if (isObject(m.function_call)) addContent(m.function_call.arguments, parts)
    }
  }
  switch (format) {
    case 'chat':
      addMessages(o.messages)
      break
    case 'preference':
      if (isObject(o.input)) addMessages(o.input.messages)
      addMessages(o.preferred_output)
      addMessages(o.non_preferred_output)
      break
    case 'instruction':
      addContent(o.prompt, parts)
      addContent(o.completion, parts)
      break
    case 'text':
      addContent(o.text, parts)
      break
    case 'batch':
      if (isObject(o.body)) {
        addMessages(o.body.messages)
        addContent(o.body.input, parts)
        addContent(o.body.prompt, parts)
      }
      break
    default:
      break
  }
  return { text: parts.join('\n'), messages }
}

/** Tokens of one example with the chat framing. */
function countExample(tok: Tokenizer, o: JsonObject, format: DataFormat): number {
  const { text, messages } = exampleText(o, format)
  return countText(tok, text) + PER_MESSAGE * messages + PER_EXAMPLE
}

/** Runs of this many characters without whitespace are counted in pieces (see countText). */
const LONG_RUN = 1024
const RUN_PIECE = 512

/**
 * BPE works on one unbroken run at a time, in time that grows with the square of the run's length: 100,000 letters without
 * a space take ~3 s, a 31 MB line would take hours. Such runs (DNA, padding, a giant word) are counted in 512-character
 * pieces, at most one token off per piece; text without them is counted exactly, as before. A plain loop finds the runs
 * (a regular expression overflows the stack on a run of millions).
 */
export function countText(tok: Tokenizer, text: string): number {
  if (text.length < LONG_RUN) return tok.countTokens(text)
  let runs = 0
  let restFrom = 0
  let runFrom = 0
  const rest: string[] = []
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isSpace(text.charCodeAt(i))) continue
    if (i - runFrom >= LONG_RUN) {
      for (let j = runFrom; j < i; j += RUN_PIECE) runs += tok.countTokens(text.slice(j, Math.min(i, j + RUN_PIECE)))
      rest.push(text.slice(restFrom, runFrom))
      restFrom = i
    }
    runFrom = i + 1
  }
  if (rest.length === 0) return tok.countTokens(text)
  rest.push(text.slice(restFrom))
  return runs + tok.countTokens(rest.join(' '))
}

/** JavaScript's \s: where the tokenizer's pre-split breaks words. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** Whether a parsed line is an example of `format`: the test LineValidator.dispatch applies before note(). */
function isExampleOf(o: JsonObject, format: DataFormat): boolean {
  return format === 'batch' ? isObject(o.body) : formatSignature(o) === format
}

function addContent(c: unknown, parts: string[]): void {
  if (typeof c === 'string') parts.push(c)
  else if (Array.isArray(c)) {
    for (const p of c) {
      if (typeof p === 'string') parts.push(p)
      else if (isObject(p) && typeof p.text === 'string') parts.push(p.text)
    }
  }
}

/** OpenAI's default epoch count for n training examples (fine-tuning cookbook). */
export function defaultEpochs(n: number): number {
  if (n <= 0) return 0
  if (n * 3 < 100) return Math.min(25, Math.floor(100 / n))
  if (n * 3 > 25_000) return Math.max(1, Math.floor(25_000 / n))
  return 3
}

interface Entry {
  line: number
  offset: number
  bytes: number
  format: DataFormat
}

/** A line whose exact count says it is over the training limit. */
export interface TooLong {
  line: number
  tokens: number
}

// Fine log2 bins of line bytes (8 per octave): the whole-file shape at a fixed size, turned into tokens at the end.
const BYTE_BINS = 8 * 40
const byteBin = (bytes: number): number => Math.min(BYTE_BINS - 1, Math.floor(Math.log2(Math.max(1, bytes)) * 8))
const binCenter = (bin: number): number => 2 ** ((bin + 0.5) / 8)

/** How the rule pass read the file; the exact pass reads it the same way so it sees the same lines. */
export type ReadShape = { maxLineBytes: number; chunkBytes?: number }

/**
 * Token statistics without slowing the rule pass or adding the tokenizer's memory to it: the pass only notes line
 * sizes and the offsets of a systematic sample (plus lines long enough to exceed the limit); after the pass the
 * tokenizer reads just those lines back. Files up to SAMPLE_BYTES are counted in full. Mode `exact` keeps nothing
 * per example (memory stays flat however many there are): it streams the file a second time and counts every example.
 */
export class TokenTally {
  private readonly every: number
  private examples = 0
  private totalBytes = 0
  private maxBytes = 0
  private maxBytesLine: number | null = null
  private readonly byteBins = new Float64Array(BYTE_BINS)
  private readonly samples: Entry[] = []
  private readonly candidates: Entry[] = []
  /** Exact mode: the examples' format and the sum of their line numbers, to check the second pass saw the same lines. */
  private format: DataFormat | null = null
  private lineSum = 0
  private exactTokens = 0
  private exactBytes = 0
  private exactMax = 0
  private exactMaxLine: number | null = null
  private exactMin = Infinity
  private exactBillable = 0
  private readonly exactBins = new Array<number>(BOUNDS.length).fill(0)

  constructor(
    private readonly mode: 'sample' | 'exact' | 'off',
    fileBytes: number,
    readonly limit: number | null
  ) {
    this.every = Math.max(1, Math.ceil(fileBytes / SAMPLE_BYTES))
  }

  /**
   * Notes one example. Returns true when the line needs an exact count after the pass to decide W_EXAMPLE_TOO_LONG
   * (tokens never exceed line bytes, so shorter lines cannot be over the limit).
   */
  note(line: number, offset: number, bytes: number, format: DataFormat): boolean {
    const k = this.examples++
    this.totalBytes += bytes
    if (bytes > this.maxBytes) {
      this.maxBytes = bytes
      this.maxBytesLine = line
    }
    const bin = byteBin(bytes)
    this.byteBins[bin] = (this.byteBins[bin] as number) + 1
    if (this.mode === 'off') return false
    const over = this.limit !== null && bytes > this.limit
    if (this.mode === 'exact') {
      // Nothing per example: finish() reads the file again.
      this.format ??= format
      this.lineSum += line
      return over
    }
    const entry = { line, offset, bytes, format }
    if (k % this.every === 0) this.samples.push(entry)
    if (over) this.candidates.push(entry)
    return over
  }

  /** In `off` mode: the bytes ÷ 4 estimate for a line (W_EXAMPLE_TOO_LONG without a tokenizer). */
  estimateOff(bytes: number): number {
    return Math.ceil(bytes / 4)
  }

  get count(): number {
    return this.examples
  }

  /**
   * Counts the sample and the candidates exactly (in `exact` mode every example); returns the candidates over the
   * limit. `read` is how the rule pass read the file.
   */
  async finish(path: string, read: ReadShape, signal?: AbortSignal): Promise<TooLong[]> {
    if (this.mode === 'exact') return this.finishExact(path, read, signal)
    if (this.samples.length === 0 && this.candidates.length === 0) return []
    const tok = o200k()
    const over: TooLong[] = []
    const fh = await open(path, 'r')
    try {
      let buf = Buffer.alloc(64 * 1024)
      let reads = 0
      const count = async (e: Entry): Promise<number> => {
        // The sample is thousands of lines: a plain read takes microseconds, an awaited one tens of them. Now and
        // then the loop lets other work (a cancel) in.
        if (reads++ % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
        signal?.throwIfAborted()
        if (buf.length < e.bytes) buf = Buffer.alloc(e.bytes)
        const bytesRead = readSync(fh.fd, buf, 0, e.bytes, e.offset)
        return countExample(tok, JSON.parse(buf.toString('utf8', 0, bytesRead)) as JsonObject, e.format)
      }
      const sampled = new Map<number, number>()
      for (const e of this.samples) {
        const tokens = await count(e)
        this.addExact(e.line, e.bytes, tokens)
        if (this.limit !== null && e.bytes > this.limit) sampled.set(e.line, tokens)
      }
      for (const e of this.candidates) {
        const tokens = sampled.get(e.line) ?? (await count(e))
        if (this.limit !== null && tokens > this.limit) over.push({ line: e.line, tokens })
      }
    } finally {
      await fh.close()
    }
    return over
  }

  /**
   * The second pass of `exact` mode: the same reader with the same bounds delivers the same lines, and the rule
   * pass's tests that decide an example (BOM, UTF-8, JSON object, format) pick the same ones.
   */
  private async finishExact(path: string, read: ReadShape, signal: AbortSignal | undefined): Promise<TooLong[]> {
    const format = this.format
    if (format === null) return []
    const tok = o200k()
    const over: TooLong[] = []
    let counted = 0
    let lineSum = 0
    const handler: LineHandler = {
      stopped: false,
      chunk: () => undefined,
      tooLong: () => undefined,
      line: (buf, s, e, lineNo) => {
        if (lineNo === 1 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3
        if (!isUtf8(buf.subarray(s, e))) return
        let o: unknown
        try {
          o = JSON.parse(buf.toString('utf8', s, e))
        } catch {
          return
        }
        // countKeys < 0: nested too deep (E_NESTING_TOO_DEEP), not an example to the rule pass.
        if (!isObject(o) || !isExampleOf(o, format) || countKeys(o) < 0) return
        const bytes = e - s
        const tokens = countExample(tok, o, format)
        this.addExact(lineNo, bytes, tokens)
        counted++
        lineSum += lineNo
        if (this.limit !== null && bytes > this.limit && tokens > this.limit) over.push({ line: lineNo, tokens })
      }
    }
    await readLines(path, handler, { ...read, signal })
    // Other lines than the rule pass noted: the file was written to in between.
    if (counted !== this.examples || lineSum !== this.lineSum || this.exactBytes !== this.totalBytes)
      throw new FerryError('source_changed', 'The file changed while it was being checked.', {
        hint: 'Wait until nothing is writing to it, then check it again.'
      })
    return over
  }

  private addExact(line: number, bytes: number, tokens: number): void {
    this.exactTokens += tokens
    this.exactBytes += bytes
    if (tokens > this.exactMax) {
      this.exactMax = tokens
      this.exactMaxLine = line
    }
    if (tokens < this.exactMin) this.exactMin = tokens
    this.exactBillable += this.limit === null ? tokens : Math.min(tokens, this.limit)
    const bin = tokenBin(tokens)
    this.exactBins[bin] = (this.exactBins[bin] as number) + 1
  }

  /** Examples counted exactly: every one in `exact` mode, the sample otherwise. */
  private get exactExamples(): number {
    return this.mode === 'exact' ? this.examples : this.samples.length
  }

  private get allExact(): boolean {
    return this.mode !== 'off' && this.exactExamples === this.examples
  }

  /** Tokens per line byte from the sample (bytes ÷ 4 without one). */
  private get ratio(): number {
    return this.exactBytes > 0 ? this.exactTokens / this.exactBytes : 0.25
  }

  stats(): TokenStats | null {
    if (this.examples === 0) return null
    const base = { encoding: 'o200k_base' as const, exactExamples: this.exactExamples, limit: this.limit }
    if (this.allExact) {
      return {
        ...base,
        method: 'exact',
        total: this.exactTokens,
        min: this.exactMin,
        max: this.exactMax,
        mean: Math.round(this.exactTokens / this.examples),
        maxLine: this.exactMaxLine,
        histogram: BOUNDS.map((min, i) => ({ min, max: BOUNDS[i + 1] ?? null, count: this.exactBins[i] as number }))
      }
    }
    const r = this.ratio
    const bins = new Array<number>(BOUNDS.length).fill(0)
    let min = Infinity
    for (let b = 0; b < BYTE_BINS; b++) {
      const n = this.byteBins[b] as number
      if (n === 0) continue
      const t = Math.max(1, Math.round(binCenter(b) * r))
      if (t < min) min = t
      bins[tokenBin(t)] = (bins[tokenBin(t)] as number) + n
    }
    const total = Math.round(this.totalBytes * r)
    const estMax = Math.round(this.maxBytes * r)
    return {
      ...base,
      method: this.mode === 'off' ? 'estimate' : 'sampled',
      total,
      min: Math.min(min, this.exactMin),
      max: Math.max(estMax, this.exactMax),
      mean: Math.round(total / this.examples),
      maxLine: estMax >= this.exactMax ? this.maxBytesLine : this.exactMaxLine,
      histogram: BOUNDS.map((min, i) => ({ min, max: BOUNDS[i + 1] ?? null, count: bins[i] as number }))
    }
  }

  billableTokens(trainingExamples: number): BillableTokens {
    const epochs = defaultEpochs(trainingExamples)
    let perEpoch = this.exactBillable
    if (!this.allExact) {
      perEpoch = 0
      const r = this.ratio
      for (let b = 0; b < BYTE_BINS; b++) {
        const n = this.byteBins[b] as number
        if (n > 0) perEpoch += n * (this.limit === null ? binCenter(b) * r : Math.min(binCenter(b) * r, this.limit))
      }
      // Bin centres are approximate; scale so the sum matches the exact byte total.
      const centred = this.byteBins.reduce((acc, n, b) => acc + n * binCenter(b), 0)
      perEpoch = Math.round(centred > 0 ? (perEpoch * this.totalBytes) / centred : perEpoch)
    }
    return { perEpoch, epochs, total: perEpoch * epochs }
  }
}

function tokenBin(tokens: number): number {
  let b = BOUNDS.length - 1
  while (b > 0 && tokens < (BOUNDS[b] as number)) b--
  return b
}
