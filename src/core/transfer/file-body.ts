// Request bodies streamed from disk: a byte range of a file, or a multipart/form-data envelope around one. Never read whole.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { randomBytes, type Hash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { StreamBody } from '../http/client'
import type { Throttle } from './throttle'
import { FerryError } from '../errors'

const READ_CHUNK = 1024 * 1024

export interface BodyOptions {
  throttle?: Throttle
  /** Fed the file's bytes as they go out: what the provider received, to compare with the file afterwards. */
  hash?: Hash
}

export function fileRangeBody(path: string, offset: number, length: number, opts: BodyOptions = {}): StreamBody {
  return {
    length,
    contentType: 'application/octet-stream',
    open: (signal) => fileSlice(path, offset, length, undefined, undefined, opts, signal)
  }
}

export interface MultipartField {
  name: string
  value: string
}

/** multipart/form-data with text fields first and one file field last, its length known up front. */
export function multipartFileBody(
  fields: MultipartField[],
  file: { field: string; path: string; filename: string; offset?: number; length: number; contentType?: string },
  opts: BodyOptions = {}
): StreamBody & { prefix: number } {
  const boundary = `----FerryBoundary${randomBytes(12).toString('hex')}`
  const head = Buffer.from(
    fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(f.name)}"\r\n\r\n${f.value}\r\n`).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.field)}"; filename="${escapeQuoted(file.filename)}"\r\n` +
      `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return {
    length: head.length + file.length + tail.length,
    /** Bytes before the file's own: progress subtracts them. */
    prefix: head.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
    open: (signal) => fileSlice(file.path, file.offset ?? 0, file.length, head, tail, opts, signal)
  }
}

// Quotes, CR and LF would break out of the header's quoted string (RFC 7578 §4.2 lets us percent-encode them, as browsers do).
function escapeQuoted(s: string): string {
  return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/**
 * `length` bytes of a file from `offset`, optionally framed by a head and a tail. got writes each chunk and waits for the
 * socket to take it before asking for the next, so two buffers, read ahead in turn, carry the whole file: no garbage per
 * chunk, hence no garbage collection pauses, whatever the file size.
 */
async function* fileSlice(
  path: string,
  offset: number,
  length: number,
  head?: Buffer,
  tail?: Buffer,
  { throttle, hash }: BodyOptions = {},
  signal?: AbortSignal
): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r').catch((err: unknown) => Promise.reject(readError(err, path)))
  try {
    if (head) yield head
    const buffers = [Buffer.allocUnsafe(Math.min(READ_CHUNK, length)), Buffer.allocUnsafe(Math.min(READ_CHUNK, length))]
    let position = offset
    let left = length
    let turn = 0
    const readInto = async (buf: Buffer): Promise<Buffer> => {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, left), position).catch((err: unknown) => Promise.reject(readError(err, path)))
      // The file shrank under us: fail rather than send a short body the server would wait on.
      if (bytesRead === 0) throw sourceChanged(path)
      position += bytesRead
      left -= bytesRead
      return buf.subarray(0, bytesRead)
    }
    // A read ahead may fail after the request is gone (got stops pulling on an error or abort): marked handled here, so it
    // can never become an unhandled rejection that takes the process down; awaited below when the request still wants it.
    const ahead = (buf: Buffer): Promise<Buffer> => {
      const p = readInto(buf)
      p.catch(() => undefined)
      return p
    }
    let next = left > 0 ? ahead(buffers[0]!) : null
    while (next) {
      const chunk = await next
      turn ^= 1
      // The other buffer's last chunk was written before got asked for this one: it is free to read into.
      next = left > 0 ? ahead(buffers[turn]!) : null
      hash?.update(chunk)
      if (!throttle) yield chunk
      else yield* throttledSlices(chunk, throttle, signal)
    }
    if (tail) yield tail
  } finally {
    await fh.close()
  }
}

/**
 * Under a speed limit, a chunk goes in small slices, each after its wait, so progress never looks stalled. The wait ends
 * early when the request is aborted (pause, cancel, stall): a low limit must not hold a paused upload open.
 */
async function* throttledSlices(chunk: Buffer, throttle: Throttle, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const slice = Math.max(16 * 1024, Math.min(chunk.length, Math.floor(throttle.bytesPerSecond / 10)))
  for (let i = 0; i < chunk.length; i += slice) {
    const piece = chunk.subarray(i, i + slice)
    const wait = throttle.take(piece.length)
    if (wait > 0) await sleep(wait, undefined, signal ? { signal } : undefined)
    yield piece
  }
}

/** The source is shorter than when it was queued: it was edited or truncated mid-upload. Never retried. */
export function sourceChanged(path: string): FerryError {
  const name = basename(path)
  return new FerryError('source_changed', `${name} changed while it was being uploaded, so Ferry stopped rather than upload a mix of old and new data.`, {
    hint: 'Add the file again to upload its current version.'
  })
}

/** A local read that failed (permissions, a disk error) is the computer's problem, not the network's: stop, say so plainly. */
function readError(err: unknown, path: string): FerryError {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO'
  if (code === 'ENOENT') {
    return new FerryError('source_missing', `${basename(path)} was moved or deleted while it was being uploaded.`, { hint: 'Put the file back, or add it again from its new place.' })
  }
  return new FerryError('file_unreadable', `Ferry could not read ${basename(path)} from this computer (${code}).`, {
    hint: code === 'EACCES' || code === 'EPERM' ? 'Check the file permissions, or copy the file somewhere you own.' : 'Check the disk, then retry.'
  })
}
