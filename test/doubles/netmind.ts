// A faithful test double of NetMind's Files API (JSON create → presigned S3 PUT on a second host; bare-array list).
import { createHash, randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { Presigner, ObjectStorage } from './netmind-storage'
import { drain, header, listen } from './server'

export interface NetmindDoubleOptions {
  dir: string
  /** Lifetime of presigned URLs; NetMind documents 2 hours. */
  presignedTtlSeconds?: number
  now?: () => number
  limits?: { fineTuneBytes?: number; batchBytes?: number }
}

export interface NetmindRequestLog {
  /** The Host header the client sent: tells the API host from the storage host. */
  host: string
  method: string
  path: string
  status: number
  headers: IncomingHttpHeaders
}

export interface NetmindDouble {
  /** API root without /v1, like https://api.netmind.ai. */
  url: string
  /** Origin of the storage host the presigned URLs point at. */
  storageUrl: string
  close(): Promise<void>
  stats: { requests: NetmindRequestLog[]; puts: number; putBytes: number }
  /** Makes presigned URLs issued from now on point at `origin` (e.g. a fault proxy in front of storageUrl). */
  useStorageUrl(origin: string): void
}

const PURPOSES = ['fine-tune', 'batch'] as const
type Purpose = (typeof PURPOSES)[number]

interface StoredFile {
  id: string
  account: string
  file_name: string
  purpose: Purpose
  created_at: number
  key: string
  /** Set once a PUT has landed; until then the file lists without `bytes`. */
  bytes: number | null
}

const MiB = 1024 * 1024

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown
  ) {
    super(typeof detail === 'string' ? detail : 'validation error')
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra })
  res.end(text)
}

/** The storage key: like the SDK, the name keeps only [A-Za-z0-9_-] (others become `_`) and its extension. */
function objectKey(account: string, id: string, fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName
  const ext = dot > 0 ? fileName.slice(dot + 1).replace(/[^A-Za-z0-9]/g, '') : 'jsonl'
  return `${account}/${id}/${stem.replace(/[^A-Za-z0-9_-]/g, '_') || 'file'}.${ext || 'jsonl'}`
}

type Issue = { type: string; loc: (string | number)[]; msg: string; input: unknown; ctx?: Record<string, string> }

/** Pydantic v2 / FastAPI style validation of the create body (NetMind's 422 "Validation Error"; exact shape UNCONFIRMED). */
function validateCreate(body: unknown): { file_name: string; purpose: Purpose } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(422, [
      { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }
    ])
  }
  const record = body as Record<string, unknown>
  const issues: Issue[] = []
  if (!('file_name' in record)) issues.push({ type: 'missing', loc: ['body', 'file_name'], msg: 'Field required', input: body })
  else if (typeof record.file_name !== 'string') {
    issues.push({ type: 'string_type', loc: ['body', 'file_name'], msg: 'Input should be a valid string', input: record.file_name })
  }
  if (!('purpose' in record)) issues.push({ type: 'missing', loc: ['body', 'purpose'], msg: 'Field required', input: body })
  else if (!(PURPOSES as readonly unknown[]).includes(record.purpose)) {
    issues.push({
      type: 'enum',
      loc: ['body', 'purpose'],
      msg: "Input should be 'fine-tune' or 'batch'",
      input: record.purpose,
      ctx: { expected: "'fine-tune' or 'batch'" }
    })
  }
  if (issues.length > 0) throw new HttpError(422, issues)
  return { file_name: record.file_name as string, purpose: record.purpose as Purpose }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new HttpError(422, [
      { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: String(err) } }
    ])
  }
}

export async function startNetmindDouble(opts: NetmindDoubleOptions): Promise<NetmindDouble> {
  const now = opts.now ?? Date.now
  const limits: Record<Purpose, number> = {
    'fine-tune': opts.limits?.fineTuneBytes ?? 512 * MiB,
    batch: opts.limits?.batchBytes ?? 100 * MiB
  }
  const files = new Map<string, StoredFile>()
  const byKey = new Map<string, StoredFile>()
  const stats: NetmindDouble['stats'] = { requests: [], puts: 0, putBytes: 0 }
  const presigner = new Presigner(opts.presignedTtlSeconds ?? 7200)
  await mkdir(opts.dir, { recursive: true })
  const storage = new ObjectStorage(opts.dir, presigner, {
    now,
    // An object whose file was deleted keeps the larger limit: S3 itself knows nothing of purposes.
    maxBytesFor: (key) => limits[byKey.get(key)?.purpose ?? 'fine-tune'],
    onStored: (key, bytes) => {
      const file = byKey.get(key)
      if (file) file.bytes = bytes
    }
  }, stats)
  await storage.init()

  const logged =
    (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const entry = { host: req.headers.host ?? '', method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, headers: { ...req.headers } }
      res.on('finish', () => stats.requests.push({ ...entry, status: res.statusCode }))
      handler(req, res)
    }

  const storageServer = await listen(logged(storage.handle))
  let storageBase = storageServer.origin

  const view = (f: StoredFile): Record<string, unknown> => ({
    id: f.id,
    file_name: f.file_name,
    purpose: f.purpose,
    created_at: f.created_at,
    ...(f.bytes === null ? {} : { bytes: f.bytes })
  })

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const path = new URL(req.url ?? '/', 'http://api.local').pathname
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')
    // FastAPI's HTTPBearer answers a missing/odd header with {"detail": "Not authenticated"}.
    if (!auth?.[1]) throw new HttpError(401, 'Not authenticated')
    const account = createHash('sha256').update(auth[1]).digest('hex').slice(0, 16)

    const own = (id: string): StoredFile => {
      const file = files.get(id)
      if (!file || file.account !== account) throw new HttpError(404, 'File not found')
      return file
    }

    if (path === '/v1/files' && method === 'POST') {
      const { file_name, purpose } = validateCreate(await readJsonBody(req))
      // NetMind's id format is UNCONFIRMED; an OpenAI-like one keeps logs readable.
      const id = `file-${randomBytes(12).toString('hex')}`
      const file: StoredFile = { id, account, file_name, purpose, created_at: Math.floor(now() / 1000), key: objectKey(account, id, file_name), bytes: null }
      files.set(id, file)
      byKey.set(file.key, file)
      return sendJson(res, 200, { id, presigned_url: presigner.url(storageBase, 'PUT', file.key, now()) })
    }
    if (path === '/v1/files' && method === 'GET') {
      // A bare array, no pagination (NM-REF); oldest first (order UNCONFIRMED).
      return sendJson(res, 200, [...files.values()].filter((f) => f.account === account).map(view))
    }
    const one = /^\/v1\/files\/([^/]+)$/.exec(path)
    if (one?.[1] && method === 'GET') return sendJson(res, 200, view(own(decodeURIComponent(one[1]))))
    if (one?.[1] && method === 'DELETE') {
      const file = own(decodeURIComponent(one[1]))
      files.delete(file.id)
      byKey.delete(file.key)
      await storage.remove(file.key)
      res.writeHead(200, { 'content-length': 0 })
      return void res.end()
    }
    const url = /^\/v1\/files\/([^/]+)\/presigned_url$/.exec(path)
    if (url?.[1] && method === 'GET') {
      const file = own(decodeURIComponent(url[1]))
      // Signed without checking the object exists, as S3 presigning does; a GET before the PUT gets NoSuchKey.
      return sendJson(res, 200, { presigned_url: presigner.url(storageBase, 'GET', file.key, now()) })
    }
    if (one || url || path === '/v1/files') throw new HttpError(405, 'Method Not Allowed')
    throw new HttpError(404, 'Not Found')
  }

  const apiServer = await listen(
    logged((req, res) => {
      void api(req, res).catch(async (err: unknown) => {
        await drain(req)
        if (res.headersSent || (req.destroyed && !req.complete)) return void res.destroy()
        const e = err instanceof HttpError ? err : new HttpError(500, 'Internal Server Error')
        sendJson(res, e.status, { detail: e.detail }, e.status === 401 ? { 'www-authenticate': 'Bearer' } : {})
      })
    })
  )

  return {
    url: apiServer.origin,
    storageUrl: storageServer.origin,
    stats,
    useStorageUrl(origin: string) {
      storageBase = origin.replace(/\/$/, '')
    },
    async close() {
      await Promise.all([apiServer.close(), storageServer.close()])
    }
  }
}
