// Request bodies streamed from disk: a byte range of a file, or a multipart/form-data envelope around one. Never read whole.
import { createReadStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { PassThrough, type Readable } from 'node:stream'
import type { StreamBody } from '../http/client'
import { throttled, type Throttle } from './throttle'

const READ_CHUNK = 1024 * 1024

export function fileRangeBody(path: string, offset: number, length: number, throttle?: Throttle): StreamBody {
  return {
    length,
    contentType: 'application/octet-stream',
    open: () => {
      const stream =
        length === 0
          ? emptyStream()
          : createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: READ_CHUNK })
      return throttle ? throttled(stream, throttle) : stream
    }
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
  throttle?: Throttle
): StreamBody & { prefix: number } {
  const boundary = `----FerryBoundary${randomBytes(12).toString('hex')}`
  const head = Buffer.from(
    fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(f.name)}"\r\n\r\n${f.value}\r\n`).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.field)}"; filename="${escapeQuoted(file.filename)}"\r\n` +
      `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const range = fileRangeBody(file.path, file.offset ?? 0, file.length, throttle)
  return {
    length: head.length + file.length + tail.length,
    /** Bytes before the file's own: progress subtracts them. */
    prefix: head.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
    open: () => concatStreams([head, range.open(), tail])
  }
}

// Quotes, CR and LF would break out of the header's quoted string (RFC 7578 §4.2 lets us percent-encode them, as browsers do).
function escapeQuoted(s: string): string {
  return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function emptyStream(): Readable {
  const s = new PassThrough()
  s.end()
  return s
}

function concatStreams(parts: (Buffer | Readable)[]): Readable {
  const out = new PassThrough({ highWaterMark: READ_CHUNK })
  ;(async () => {
    for (const part of parts) {
      if (Buffer.isBuffer(part)) {
        if (!out.write(part)) await onceDrained(out)
        continue
      }
      for await (const chunk of part) {
        if (out.destroyed) return part.destroy()
        if (!out.write(chunk)) await onceDrained(out)
      }
    }
    out.end()
  })().catch((err) => out.destroy(err))
  out.on('close', () => parts.forEach((p) => Buffer.isBuffer(p) || p.destroy()))
  return out
}

function onceDrained(s: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done)
      s.off('close', done)
      resolve()
    }
    s.on('drain', done)
    s.on('close', done)
  })
}
