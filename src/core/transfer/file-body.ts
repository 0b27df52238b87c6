// Request bodies streamed from disk: a byte range of a file, or a multipart/form-data envelope around one. Never read whole.
import { close, open, read } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import type { StreamBody } from '../http/client'
import { throttled, type Throttle } from './throttle'

const READ_CHUNK = 1024 * 1024

export function fileRangeBody(path: string, offset: number, length: number, throttle?: Throttle): StreamBody {
  return {
    length,
    contentType: 'application/octet-stream',
    open: () => {
      const stream = new FileSliceStream(path, offset, length)
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
  return {
    length: head.length + file.length + tail.length,
    /** Bytes before the file's own: progress subtracts them. */
    prefix: head.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
    open: () => {
      const stream = new FileSliceStream(file.path, file.offset ?? 0, file.length, head, tail)
      return throttle ? throttled(stream, throttle) : stream
    }
  }
}

// Quotes, CR and LF would break out of the header's quoted string (RFC 7578 §4.2 lets us percent-encode them, as browsers do).
function escapeQuoted(s: string): string {
  return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/**
 * `length` bytes of a file from `offset`, optionally framed by a head and a tail, read straight into the stream's chunks:
 * one stream, no piping between streams, so the body costs little more CPU than the socket write itself.
 */
class FileSliceStream extends Readable {
  private fd = -1
  private position: number
  private remaining: number
  private head?: Buffer
  private tail?: Buffer

  constructor(
    private readonly path: string,
    offset: number,
    length: number,
    head?: Buffer,
    tail?: Buffer
  ) {
    super({ highWaterMark: READ_CHUNK })
    this.position = offset
    this.remaining = length
    this.head = head
    this.tail = tail
  }

  override _construct(callback: (err?: Error | null) => void): void {
    open(this.path, 'r', (err, fd) => {
      this.fd = fd
      callback(err)
    })
  }

  override _read(): void {
    if (this.head) {
      this.push(this.head)
      this.head = undefined
      return
    }
    if (this.remaining === 0) {
      if (this.tail) this.push(this.tail)
      this.push(null)
      return
    }
    const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, this.remaining))
    read(this.fd, buf, 0, buf.length, this.position, (err, n) => {
      if (err) return this.destroy(err)
      // The file shrank under us: fail rather than send a short body the server would wait on.
      if (n === 0) return this.destroy(Object.assign(new Error('the file ended early'), { code: 'ESHORTREAD' }))
      this.position += n
      this.remaining -= n
      this.push(n === buf.length ? buf : buf.subarray(0, n))
    })
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    if (this.fd < 0) return callback(err)
    close(this.fd, () => callback(err))
  }
}
