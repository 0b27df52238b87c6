// Handlers for `/v1/files`: create (multipart), list (cursor pages), retrieve, delete, and stream content.
import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { nowSeconds, type RequestContext } from './context'
import { ApiError, invalidValue, missingParam, noSuchFile, notAFile, notOneOf } from './errors'
import { fileExpiresAt, isExpired, parseExpiresAfter } from './expiry'
import { newFileId } from './ids'
import { describeBytes } from './limits'
import { receiveMultipart } from './multipart'
import { FILE_PURPOSES, type FileObject } from './types'

/** Counts a new File, and leaves it out of the next `listLag` listings. */
export function fileCreated(ctx: RequestContext, id: string): void {
  ctx.state.stats.filesCreated++
  if (ctx.state.listLag > 0) ctx.state.unlisted.set(id, ctx.state.listLag)
}

/** A listing: the Files still unlisted stay out of it, one listing fewer each. */
function listed(state: RequestContext['state'], files: FileObject[]): FileObject[] {
  const out = files.filter((f) => !state.unlisted.has(f.id))
  for (const [id, n] of state.unlisted) {
    if (n <= 1) state.unlisted.delete(id)
    else state.unlisted.set(id, n - 1)
  }
  return out
}

export function isFilePurpose(value: string): boolean {
  return (FILE_PURPOSES as readonly string[]).includes(value)
}

/** The File, or null when it does not exist or has expired (an expired File is removed, as the real service does). */
export async function liveFile(ctx: RequestContext, id: string): Promise<FileObject | null> {
  const file = await ctx.account.getFile(id)
  if (!file) return null
  if (isExpired(file.expires_at, ctx.state.now())) {
    await ctx.account.deleteFile(id)
    return null
  }
  return file
}

export async function createFile(ctx: RequestContext): Promise<FileObject> {
  const { state } = ctx
  const body = await receiveMultipart(ctx.req, {
    fileField: 'file',
    maxFileBytes: state.limits.maxFileBytes,
    tmpPath: () => state.store.tmpPath()
  })
  const received = body.file
  try {
    if (body.fileTooLarge) {
      throw new ApiError(
        400,
        `File is too large: the maximum size of a file uploaded with POST /files is ${describeBytes(state.limits.maxFileBytes)}. Use the Uploads API for larger files.`,
        'file',
        'file_too_large'
      )
    }
    if (!received) throw body.fields.has('file') ? notAFile('file') : missingParam('file')
    const purpose = body.fields.get('purpose')
    if (purpose === undefined || purpose === '') throw missingParam('purpose')
    if (!isFilePurpose(purpose)) throw notOneOf('purpose', purpose, FILE_PURPOSES)
    // OpenAI's SDK sends `expires_after[anchor]`; Azure's docs show `expires_after.anchor` — both are read.
    const seconds = parseExpiresAfter(
      body.fields.get('expires_after[anchor]') ?? body.fields.get('expires_after.anchor'),
      body.fields.get('expires_after[seconds]') ?? body.fields.get('expires_after.seconds')
    )
    if (seconds === null && state.requireExpiresAfter) throw missingParam('expires_after')

    const createdAt = nowSeconds(state)
    const file: FileObject = {
      id: newFileId(),
      object: 'file',
      bytes: received.bytes,
      created_at: createdAt,
      expires_at: fileExpiresAt(createdAt, purpose, seconds),
      filename: received.filename || 'file',
      purpose,
      status: 'processed',
      status_details: null
    }
    await ctx.account.addFile(file, received.path)
    fileCreated(ctx, file.id)
    return file
  } catch (err) {
    if (received) await rm(received.path, { force: true })
    throw err
  }
}

function parseLimit(raw: string | null, max: number): number {
  if (raw === null) return max
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw invalidValue('limit', `Invalid 'limit': ${raw}. It must be an integer between 1 and ${max}.`)
  }
  return value
}

/** created_at, then id: a total order, so pages never repeat or skip Files created in the same second. */
function compareAsc(a: FileObject, b: FileObject): number {
  if (a.created_at !== b.created_at) return a.created_at - b.created_at
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export async function listFiles(ctx: RequestContext): Promise<unknown> {
  const { query, state } = ctx
  // The spec's default limit equals its maximum (10,000), so the default follows maxListLimit.
  const limit = parseLimit(query.get('limit'), state.limits.maxListLimit)
  const order = query.get('order') ?? 'desc'
  if (order !== 'asc' && order !== 'desc') throw notOneOf('order', order, ['asc', 'desc'])
  const purpose = query.get('purpose')
  const after = query.get('after')

  const nowMs = state.now()
  const all = listed(state, (await ctx.account.listFiles()).filter((f) => !isExpired(f.expires_at, nowMs)))
  const sign = order === 'asc' ? 1 : -1
  all.sort((a, b) => sign * compareAsc(a, b))

  let candidates = all
  if (after !== null && after !== '') {
    // An unknown cursor is refused rather than silently restarting the listing (real behaviour UNCONFIRMED).
    const cursor = all.find((f) => f.id === after)
    if (!cursor) throw invalidValue('after', `No such File object: ${after}`)
    candidates = all.filter((f) => sign * compareAsc(f, cursor) > 0)
  }
  if (purpose !== null && purpose !== '') candidates = candidates.filter((f) => f.purpose === purpose)

  const data = candidates.slice(0, limit)
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: candidates.length > data.length
  }
}

async function requireFile(ctx: RequestContext): Promise<FileObject> {
  const id = ctx.params[0] ?? ''
  const file = await liveFile(ctx, id)
  if (!file) throw noSuchFile(id)
  return file
}

export const retrieveFile = (ctx: RequestContext): Promise<FileObject> => requireFile(ctx)

export async function deleteFile(ctx: RequestContext): Promise<unknown> {
  const file = await requireFile(ctx)
  await ctx.account.deleteFile(file.id)
  return { id: file.id, object: 'file', deleted: true }
}

/** ASCII fallback plus RFC 5987 `filename*`, since header values cannot carry arbitrary Unicode. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Streams the bytes from disk; a File deleted meanwhile keeps streaming from the open descriptor. */
export async function fileContent(ctx: RequestContext): Promise<void> {
  const file = await requireFile(ctx)
  const stream = createReadStream(ctx.account.fileBytesPath(file.id))
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', reject)
  })
  ctx.res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': file.bytes,
    'content-disposition': contentDisposition(file.filename)
  })
  try {
    await pipeline(stream, ctx.res)
  } catch {
    // The client went away mid-download; nothing to answer.
  }
}
