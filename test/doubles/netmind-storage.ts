// The S3-style storage host behind NetMind's presigned URLs: signed PUT/GET of objects, S3 error codes as XML.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { drain, header } from './server'

export const BUCKET = 'bucket'

/** What the storage host needs to know about an object key: its size limit, and whom to tell when bytes land. */
export interface StorageHooks {
  maxBytesFor(key: string): number
  onStored(key: string, bytes: number): void
  now(): number
}

/** 20260101T000000Z, the X-Amz-Date format. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

function parseAmzDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return null
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

function sendXmlError(res: ServerResponse, err: S3Error): void {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${err.code}</Code><Message>${escape(err.message)}</Message>` +
    `<RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`
  res.writeHead(err.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

/**
 * A simplified SigV4 presigner: the signature is an HMAC over method, path, date and lifetime, carried in the same
 * `X-Amz-*` query parameters a real S3 presigned URL has. Host is not signed, so a fault proxy can sit in front.
 */
export class Presigner {
  private readonly secret = randomBytes(32)

  constructor(private readonly ttlSeconds: number) {}

  private signature(method: string, path: string, date: string, expires: string): string {
    return createHmac('sha256', this.secret).update(`${method}\n${path}\n${date}\n${expires}`).digest('hex')
  }

  url(base: string, method: 'PUT' | 'GET', key: string, nowMs: number): string {
    const path = `/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`
    const date = amzDate(nowMs)
    const expires = String(this.ttlSeconds)
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `FERRYDOUBLE/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': expires,
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': this.signature(method, path, date, expires)
    })
    return `${base}${path}?${query.toString()}`
  }

  /** S3's order of checks: expiry is judged before the signature. */
  verify(method: string, path: string, query: URLSearchParams, nowMs: number): void {
    const date = query.get('X-Amz-Date')
    const expires = query.get('X-Amz-Expires')
    const given = query.get('X-Amz-Signature')
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !date || !expires || !given) {
      throw new S3Error(403, 'AccessDenied', 'Query-string authentication requires the X-Amz-* parameters')
    }
    const start = parseAmzDate(date)
    if (start === null || !/^\d+$/.test(expires)) throw new S3Error(403, 'AccessDenied', 'Invalid date or expiry')
    if (nowMs > start + Number(expires) * 1000) throw new S3Error(403, 'AccessDenied', 'Request has expired')
    const expected = Buffer.from(this.signature(method, path, date, expires))
    const actual = Buffer.from(given)
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
      )
    }
  }
}

export interface StorageStats {
  puts: number
  putBytes: number
}

export class ObjectStorage {
  private readonly objectsDir: string
  private readonly tmpDir: string

  constructor(
    dir: string,
    private readonly presigner: Presigner,
    private readonly hooks: StorageHooks,
    private readonly stats: StorageStats
  ) {
    this.objectsDir = join(dir, 'objects')
    this.tmpDir = join(dir, 'tmp')
  }

  async init(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true })
    await mkdir(this.tmpDir, { recursive: true })
  }

  private objectPath(key: string): string {
    return join(this.objectsDir, createHash('sha256').update(key).digest('hex'))
  }

  async remove(key: string): Promise<void> {
    await rm(this.objectPath(key), { force: true })
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.route(req, res).catch(async (err: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy()
      // Errors are sent once the body has been read, so the client sees the XML rather than a reset mid-upload
      // (real S3 may answer early and close; a front proxy buffering the body behaves like this).
      await drain(req)
      if (req.destroyed && !req.complete) return
      sendXmlError(res, err instanceof S3Error ? err : new S3Error(500, 'InternalError', String(err)))
    })
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://storage.local')
    const prefix = `/${BUCKET}/`
    if (!url.pathname.startsWith(prefix)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist')
    const key = url.pathname.slice(prefix.length).split('/').map(decodeURIComponent).join('/')
    const method = req.method ?? 'GET'
    if (method === 'PUT' && /chunked/i.test(header(req, 'transfer-encoding') ?? '')) {
      throw new S3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented: Transfer-Encoding')
    }
    if (header(req, 'authorization') !== undefined) {
      throw new S3Error(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified'
      )
    }
    this.presigner.verify(method, url.pathname, url.searchParams, this.hooks.now())
    if (method === 'PUT') return this.put(req, res, key)
    if (method === 'GET' || method === 'HEAD') return this.get(req, res, key)
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
  }

  private async put(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const lengthHeader = header(req, 'content-length')
    if (lengthHeader === undefined) throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.')
    const length = Number(lengthHeader)
    const md5Header = header(req, 'content-md5')
    let expectedMd5: string | null = null
    if (md5Header !== undefined) {
      const raw = Buffer.from(md5Header, 'base64')
      if (raw.length !== 16) throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was not valid.')
      expectedMd5 = raw.toString('hex')
    }
    const max = this.hooks.maxBytesFor(key)
    if (length > max) {
      throw new S3Error(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${max} bytes).`)
    }

    const tmp = join(this.tmpDir, randomBytes(12).toString('hex'))
    const hash = createHash('md5')
    let bytes = 0
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk)
        bytes += chunk.length
        callback(null, chunk)
      }
    })
    try {
      await pipeline(req, measure, createWriteStream(tmp))
    } catch {
      // The connection died mid-body: the object keeps its previous state.
      await rm(tmp, { force: true })
      res.destroy()
      return
    }
    const md5 = hash.digest('hex')
    if (expectedMd5 !== null && expectedMd5 !== md5) {
      await rm(tmp, { force: true })
      throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.')
    }
    await rename(tmp, this.objectPath(key))
    this.stats.puts++
    this.stats.putBytes += bytes
    this.hooks.onStored(key, bytes)
    res.writeHead(200, { etag: `"${md5}"`, 'content-length': 0 })
    res.end()
  }

  private async get(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const path = this.objectPath(key)
    let size: number
    try {
      size = (await stat(path)).size
    } catch {
      throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.')
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size })
    if (req.method === 'HEAD') return void res.end()
    await pipeline(createReadStream(path), res).catch(() => undefined)
  }
}
