// Receives a multipart/form-data request: small fields into memory, the one file field streamed to a tmp file.
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream/promises'
import busboy from 'busboy'
import { ApiError } from './errors'
import { drainRequest } from './http'

/** Thrown when the client's connection died mid-body: there is nobody left to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('client connection closed before the request body ended')
  }
}

export interface ReceivedFile {
  /** Tmp path holding exactly the received bytes; the caller renames it into place or removes it. */
  path: string
  bytes: number
  filename: string
  mimeType: string
}

export interface MultipartBody {
  fields: Map<string, string>
  /** The first part named `fileField`, or null when absent or over the limit. */
  file: ReceivedFile | null
  /** The file field was longer than `maxFileBytes`; its bytes were discarded. */
  fileTooLarge: boolean
}

export interface MultipartOptions {
  fileField: string
  maxFileBytes: number
  tmpPath: () => string
}

const FIELD_LIMITS = { fieldSize: 64 * 1024, fields: 100, parts: 200 }

export async function receiveMultipart(req: IncomingMessage, opts: MultipartOptions): Promise<MultipartBody> {
  let parser: busboy.Busboy
  try {
    parser = busboy({ headers: req.headers, limits: { ...FIELD_LIMITS, fileSize: opts.maxFileBytes + 1 } })
  } catch {
    await drainRequest(req)
    throw new ApiError(400, 'Invalid Content-Type header: expected multipart/form-data with a boundary.', null, null)
  }

  const fields = new Map<string, string>()
  const writes: Promise<void>[] = []
  const tmpPaths: string[] = []
  let file: ReceivedFile | null = null
  let fileTooLarge = false

  parser.on('field', (name, value) => {
    fields.set(name, value)
  })
  parser.on('file', (name, stream, info) => {
    if (name !== opts.fileField || file || fileTooLarge) {
      stream.resume()
      return
    }
    const path = opts.tmpPath()
    tmpPaths.push(path)
    const received: ReceivedFile = { path, bytes: 0, filename: info.filename ?? '', mimeType: info.mimeType }
    file = received
    const sink = createWriteStream(path, { mode: 0o600 })
    // busboy signals 'limit' on *reaching* fileSize (hence the + 1 above), stops delivering the field and drops the
    // rest, so the request is still read to its end and a 400 can be sent.
    stream.on('limit', () => {
      fileTooLarge = true
    })
    writes.push(
      pipeline(stream, sink).then(() => {
        received.bytes = sink.bytesWritten
      })
    )
  })

  let clientGone = false
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('finish', resolve)
    parser.on('error', reject)
    req.on('close', () => {
      if (req.complete) return
      clientGone = true
      parser.destroy(new ClientGoneError())
    })
  })
  // Not `pipeline(req, parser)`: it would destroy the socket on a malformed body, and then no 400 could be sent.
  req.pipe(parser)

  let parseFailure: unknown = null
  try {
    await parsed
  } catch (err) {
    parseFailure = err
  }
  const settled = await Promise.allSettled(writes)
  const writeFailure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')

  if (clientGone || parseFailure || writeFailure || fileTooLarge) {
    await Promise.all(tmpPaths.map((p) => rm(p, { force: true })))
  }
  if (clientGone) throw new ClientGoneError()
  if (parseFailure) {
    req.unpipe(parser)
    await drainRequest(req)
    const reason = parseFailure instanceof Error ? parseFailure.message : String(parseFailure)
    throw new ApiError(400, `Could not parse the multipart form: ${reason}.`, null, null)
  }
  if (writeFailure) {
    await drainRequest(req)
    throw writeFailure.reason
  }
  return { fields, file: fileTooLarge ? null : file, fileTooLarge }
}
