// Streams a file as physical lines (LF only, one CR before LF dropped) with a bounded line buffer.
import { open } from 'node:fs/promises'

export interface LineHandler {
  /** Called before the lines of each read: [from, to) is the not-yet-delivered region of `buf` (for byte-pattern scans). */
  chunk(buf: Buffer, from: number, to: number): void
  /**
   * A complete line: bytes [start, end) of `buf`, without its LF and without one CR before it (`crlf`).
   * `base` is the file offset of buf[0], so the line starts at file offset base + start.
   */
  line(buf: Buffer, start: number, end: number, lineNo: number, crlf: boolean, base: number): void
  /** A line longer than the bound: its bytes were skipped, not delivered. */
  tooLong(lineNo: number, bytes: number): void
  /** Set by the handler to stop reading (a fatal finding). */
  stopped: boolean
}

export interface ReadOptions {
  maxLineBytes: number
  chunkBytes?: number
  signal?: AbortSignal
  onProgress?: (bytesRead: number) => void
}

export interface ReadSummary {
  bytesRead: number
  lines: number
  lfCount: number
  /** The file ends with LF (or is empty). */
  finalNewline: boolean
}

const LF = 10
const CR = 13

/**
 * Buffers of finished reads, kept for the next read in this thread: a fresh 40 MB buffer per file had the garbage
 * collector run every few small files. Two cover the rule pass and the token pass, or two checks at once.
 */
const spare: Buffer[] = []

/** A spare buffer of this size, or a new one of our own (not a slice of Node's shared pool). */
function takeBuffer(size: number): Buffer {
  const i = spare.findIndex((b) => b.length === size)
  return i >= 0 ? (spare.splice(i, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(size)
}

/** Lines shorter than this are looked through byte by byte: for them a call to indexOf costs more than the search. */
const TINY_LINE = 16

/** The next LF from `from`, for tiny lines: a plain loop over the first bytes, then indexOf. */
function nextLfNear(view: Buffer, from: number): number {
  const stop = Math.min(view.length, from + TINY_LINE)
  for (let i = from; i < stop; i++) if (view[i] === LF) return i
  return stop < view.length ? view.indexOf(LF, stop) : -1
}

export async function readLines(path: string, handler: LineHandler, opts: ReadOptions): Promise<ReadSummary> {
  const chunk = opts.chunkBytes ?? 4 * 1024 * 1024
  const fh = await open(path, 'r')
  // One buffer for the longest line we hold plus a read; its pages only become resident as lines need them
  // (reads are chunk-sized and the pending line moves to the front), so short lines cost about one chunk.
  const buf = takeBuffer(opts.maxLineBytes + 2 * chunk)
  let filled = 0
  let lineStart = 0
  let lineNo = 0
  let lfCount = 0
  let bytesRead = 0
  let lastByte = LF
  let skipping = false
  let skipped = 0
  /** The last line was tiny, so the next one likely is too. */
  let tiny = false
  try {
    for (;;) {
      opts.signal?.throwIfAborted()
      if (handler.stopped) break
      if (lineStart > 0) {
        buf.copyWithin(0, lineStart, filled)
        filled -= lineStart
        lineStart = 0
      }
      const dataStart = filled
      const { bytesRead: n } = await fh.read(buf, filled, Math.min(chunk, buf.length - filled), null)
      if (n === 0) break
      bytesRead += n
      filled += n
      lastByte = buf[filled - 1] as number
      opts.onProgress?.(bytesRead)

      let scan = dataStart
      // Searches stop at `filled`: the rest of the buffer is stale or never touched.
      const view = buf.subarray(0, filled)
      if (skipping) {
        const p = view.indexOf(LF, dataStart)
        if (p === -1 || p >= filled) {
          skipped += n
          filled = 0
          lineStart = 0
          continue
        }
        skipped += p - dataStart
        lfCount++
        handler.tooLong(++lineNo, skipped)
        skipping = false
        lineStart = p + 1
        scan = p + 1
      }
      handler.chunk(buf, lineStart, filled)
      const base = bytesRead - filled
      for (;;) {
        const p: number = tiny ? nextLfNear(view, scan) : view.indexOf(LF, scan)
        if (p === -1) break
        tiny = p - lineStart < TINY_LINE
        lfCount++
        let end = p
        const crlf = end > lineStart && buf[end - 1] === CR
        if (crlf) end--
        handler.line(buf, lineStart, end, ++lineNo, crlf, base)
        if (handler.stopped) break
        lineStart = p + 1
        scan = lineStart
      }
      if (handler.stopped) break
      if (filled - lineStart > opts.maxLineBytes) {
        // The pending line is over the bound: drop its bytes and keep only a count until its LF arrives.
        skipping = true
        skipped = filled - lineStart
        filled = 0
        lineStart = 0
      }
    }
    if (!handler.stopped) {
      if (skipping) handler.tooLong(++lineNo, skipped)
      else if (filled > lineStart) {
        // The last line moved to the front of the buffer since its read was announced: announce it again.
        handler.chunk(buf, lineStart, filled)
        // A CR at the very end is not "CR before LF"; it stays (JSON treats it as whitespace).
        handler.line(buf, lineStart, filled, ++lineNo, false, bytesRead - filled)
      }
    }
  } finally {
    if (spare.length < 2) spare.push(buf)
    await fh.close()
  }
  return { bytesRead, lines: lineNo, lfCount, finalNewline: lastByte === LF }
}
