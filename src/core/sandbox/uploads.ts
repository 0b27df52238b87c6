// Handlers for `/v1/uploads`: create, add parts (streamed to disk), complete (streamed concatenation + md5), cancel.
import { createHash } from 'node:crypto'
import { open, rm } from 'node:fs/promises'
import { nowSeconds, type RequestContext } from './context'
import {
  ApiError,
  invalidValue,
  missingParam,
  noSuchUpload,
  notAFile,
  notOneOf,
  uploadExpired,
  uploadNotPending
} from './errors'
import { fileExpiresAt, isExpired, parseExpiresAfter } from './expiry'
import { fileCreated, isFilePurpose } from './files'
import { readJson } from './http'
import { isSafeId, newFileId, newPartId, newUploadId } from './ids'
import { describeBytes } from './limits'
import { receiveMultipart } from './multipart'
import type { AccountStore } from './store'
import { FILE_PURPOSES, type FileObject, type UploadObject, type UploadPartObject, type UploadRecord } from './types'

/** Enough for the part ids of an 8 GiB Upload cut into very small parts. */
const MAX_JSON_BODY = 32 * 1024 * 1024

function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'The request body must be a JSON object.', null, null)
  }
  return body as Record<string, unknown>
}

/** The Upload as the client sees it: a pending Upload past `expires_at` reads as `expired`. */
function view(record: UploadRecord, nowMs: number): UploadObject {
  const upload = record.upload
  if (upload.status === 'pending' && isExpired(upload.expires_at, nowMs)) return { ...upload, status: 'expired' }
  return upload
}

async function requireUpload(ctx: RequestContext): Promise<UploadRecord> {
  const id = ctx.params[0] ?? ''
  const record = await ctx.account.getUpload(id)
  if (!record) throw noSuchUpload(id)
  return record
}

/** Throws unless the Upload can still take parts / be completed. */
function assertPending(record: UploadRecord, nowMs: number): void {
  const status = view(record, nowMs).status
  if (status === 'expired') throw uploadExpired(record.upload.id)
  if (status !== 'pending') throw uploadNotPending(record.upload.id, status)
}

export async function createUpload(ctx: RequestContext): Promise<UploadObject> {
  const { state } = ctx
  const body = asObject(await readJson(ctx.req, MAX_JSON_BODY))
  const { filename, purpose, bytes, mime_type: mimeType } = body
  if (typeof filename !== 'string' || filename === '') throw missingParam('filename')
  if (purpose === undefined || purpose === '') throw missingParam('purpose')
  // The spec lists four purposes for Uploads; the sandbox takes every File purpose and lets a real server be stricter.
  if (typeof purpose !== 'string' || !isFilePurpose(purpose)) throw notOneOf('purpose', String(purpose), FILE_PURPOSES)
  if (bytes === undefined) throw missingParam('bytes')
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
    throw invalidValue('bytes', `Invalid 'bytes': ${String(bytes)}. It must be a non-negative integer.`)
  }
  if (bytes > state.limits.maxUploadBytes) {
    throw new ApiError(
      400,
      `Invalid 'bytes': ${bytes}. An Upload can accept at most ${describeBytes(state.limits.maxUploadBytes)}.`,
      'bytes',
      'upload_too_large'
    )
  }
  if (typeof mimeType !== 'string' || mimeType === '') throw missingParam('mime_type')
  let expiresAfter: number | null = null
  if (body.expires_after !== undefined && body.expires_after !== null) {
    const policy = asObject(body.expires_after)
    expiresAfter = parseExpiresAfter(policy.anchor, policy.seconds)
  }

  const createdAt = nowSeconds(state)
  const record: UploadRecord = {
    upload: {
      id: newUploadId(),
      object: 'upload',
      bytes,
      created_at: createdAt,
      expires_at: createdAt + state.limits.uploadTtlSeconds,
      filename,
      purpose,
      status: 'pending',
      file: null
    },
    mimeType,
    fileExpiresAfterSeconds: expiresAfter
  }
  await ctx.account.saveUpload(record)
  state.stats.uploadsCreated++
  return record.upload
}

export async function addPart(ctx: RequestContext): Promise<UploadPartObject> {
  const { state } = ctx
  // Checked before reading the body too, so a client sending to a dead Upload learns it after one part, not many.
  assertPending(await requireUpload(ctx), state.now())
  const body = await receiveMultipart(ctx.req, {
    fileField: 'data',
    maxFileBytes: state.limits.maxPartBytes,
    tmpPath: () => state.store.tmpPath()
  })
  const received = body.file
  try {
    if (body.fileTooLarge) {
      throw new ApiError(
        400,
        `Part is too large: each Part can be at most ${describeBytes(state.limits.maxPartBytes)}.`,
        'data',
        'part_too_large'
      )
    }
    if (!received) throw body.fields.has('data') ? notAFile('data') : missingParam('data')
    const uploadId = ctx.params[0] ?? ''
    return await state.uploadLocks.run(uploadId, async () => {
      // Re-checked under the lock: the Upload may have been completed, cancelled or expired while bytes streamed in.
      const record = await requireUpload(ctx)
      assertPending(record, state.now())
      const part: UploadPartObject = {
        id: newPartId(),
        object: 'upload.part',
        created_at: nowSeconds(state),
        upload_id: uploadId
      }
      await ctx.account.addPart(uploadId, part.id, received.path)
      state.stats.partsCreated++
      state.stats.partBytes += received.bytes
      return part
    })
  } catch (err) {
    if (received) await rm(received.path, { force: true })
    throw err
  }
}

function parsePartIds(body: Record<string, unknown>): string[] {
  const ids = body.part_ids
  if (ids === undefined) throw missingParam('part_ids')
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
    throw invalidValue('part_ids', `Invalid 'part_ids': expected an array of strings.`)
  }
  if (new Set(ids).size !== ids.length) {
    throw invalidValue('part_ids', `Invalid 'part_ids': a Part may appear only once.`)
  }
  return ids
}

/** Concatenates the parts in order into one tmp file through one reused buffer (no garbage, however large the file),
 * hashing on the way only when the client sent an md5 to check (hashing a multi-GiB file costs seconds). */
async function assemble(account: AccountStore, uploadId: string, partIds: string[], target: string, withMd5: boolean): Promise<string | null> {
  const hash = withMd5 ? createHash('md5') : null
  const buf = Buffer.allocUnsafe(4 << 20)
  const out = await open(target, 'w', 0o600)
  try {
    for (const partId of partIds) {
      const part = await open(account.partPath(uploadId, partId), 'r')
      try {
        for (let n; (n = (await part.read(buf, 0, buf.length, null)).bytesRead) > 0; ) {
          hash?.update(buf.subarray(0, n))
          for (let done = 0; done < n; ) done += (await out.write(buf, done, n - done)).bytesWritten
        }
      } finally {
        await part.close()
      }
    }
    await out.close()
  } catch (err) {
    await out.close().catch(() => undefined)
    await rm(target, { force: true })
    throw err
  }
  return hash ? hash.digest('hex') : null
}

export async function completeUpload(ctx: RequestContext): Promise<UploadObject> {
  const { state, account } = ctx
  const body = asObject(await readJson(ctx.req, MAX_JSON_BODY))
  const partIds = parsePartIds(body)
  const md5 = body.md5
  if (md5 !== undefined && md5 !== null && typeof md5 !== 'string') {
    throw invalidValue('md5', `Invalid 'md5': expected a string.`)
  }
  const uploadId = ctx.params[0] ?? ''

  return state.uploadLocks.run(uploadId, async () => {
    const record = await requireUpload(ctx)
    assertPending(record, state.now())
    let total = 0
    for (const partId of partIds) {
      const size = isSafeId(partId) ? await account.partSize(uploadId, partId) : null
      if (size === null) {
        throw invalidValue('part_ids', `Invalid 'part_ids': Part ${partId} does not belong to Upload ${uploadId}.`)
      }
      total += size
    }
    if (total !== record.upload.bytes) {
      throw new ApiError(
        400,
        `The number of bytes uploaded (${total}) does not match the number of bytes specified when creating the Upload (${record.upload.bytes}).`,
        'part_ids',
        'bytes_mismatch'
      )
    }

    const tmp = state.store.tmpPath()
    const checkMd5 = typeof md5 === 'string' && md5 !== ''
    const digest = await assemble(account, uploadId, partIds, tmp, checkMd5)
    if (checkMd5 && md5.toLowerCase() !== digest) {
      await rm(tmp, { force: true })
      throw new ApiError(
        400,
        `The md5 checksum of the uploaded bytes (${digest}) does not match the md5 given (${md5}).`,
        'md5',
        'md5_mismatch'
      )
    }

    const createdAt = nowSeconds(state)
    const upload = record.upload
    const file: FileObject = {
      id: newFileId(),
      object: 'file',
      bytes: total,
      created_at: createdAt,
      expires_at: fileExpiresAt(createdAt, upload.purpose, record.fileExpiresAfterSeconds),
      filename: upload.filename,
      purpose: upload.purpose,
      status: 'processed',
      status_details: null
    }
    await account.addFile(file, tmp)
    fileCreated(ctx, file.id)
    const completed: UploadRecord = { ...record, upload: { ...upload, status: 'completed', file } }
    await account.saveUpload(completed)
    // Parts left out of part_ids are dropped with the rest: they can never be used again.
    await account.removeParts(uploadId)
    return completed.upload
  })
}

export async function cancelUpload(ctx: RequestContext): Promise<UploadObject> {
  const { state, account } = ctx
  const uploadId = ctx.params[0] ?? ''
  return state.uploadLocks.run(uploadId, async () => {
    const record = await requireUpload(ctx)
    const status = view(record, state.now()).status
    // Cancelling twice answers like the first time, so a retry after a lost reply is harmless (real behaviour UNCONFIRMED).
    if (status === 'cancelled') return record.upload
    if (status === 'expired') throw uploadExpired(uploadId)
    if (status !== 'pending') throw uploadNotPending(uploadId, status)
    const cancelled: UploadRecord = { ...record, upload: { ...record.upload, status: 'cancelled' } }
    await account.saveUpload(cancelled)
    await account.removeParts(uploadId)
    return cancelled.upload
  })
}
