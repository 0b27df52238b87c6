// Streams a remote file to disk through a temporary file renamed at the end, so a failed download never leaves half a file; a
// file already at the destination is replaced only when asked, and a local fault is said about the destination, never the temp file.
import { lstat, open, rename, rm } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ApiClient } from '../http/client'
import { asSaveError, FerryError } from '../errors'
import { networkError } from '../http/errors'
import type { DownloadOptions } from '../providers/types'

/** What a failed write says about the local disk; any other fault in the transfer is the network's. */
const LOCAL_FAULTS = new Set(['EISDIR', 'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EFBIG', 'EMFILE', 'ENFILE'])

export async function downloadTo(
  client: ApiClient,
  source: { path?: string; url?: string },
  dest: string,
  opts: DownloadOptions = {}
): Promise<{ bytes: number }> {
  await mayWrite(dest, opts.overwrite)
  const temp = join(dirname(dest), `.${basename(dest).slice(0, 64)}.ferry-${randomBytes(4).toString('hex')}.part`)
  // Opened before the request: a missing or read-only folder is said at once, and never taken for a network fault.
  const file = await open(temp, 'wx').catch((err: unknown) => {
    throw asSaveError(err, dest)
  })
  try {
    const { stream, total } = await respond(client, source, opts.signal)
    let received = 0
    const count = new Transform({
      transform(chunk: Buffer, _e, done) {
        received += chunk.length
        opts.onProgress?.(received, total)
        done(null, chunk)
      }
    })
    await pipeline(stream, count, file.createWriteStream())
    if (total !== null && received !== total) {
      throw new FerryError('download_incomplete', 'The download ended before the whole file arrived.', {
        retryable: true,
        hint: 'Try the download again.'
      })
    }
    await mayWrite(dest, opts.overwrite)
    await rename(temp, dest)
    return { bytes: received }
  } catch (err) {
    await file.close().catch(() => undefined)
    await rm(temp, { force: true })
    if (opts.signal?.aborted) throw opts.signal.reason ?? err
    if (err instanceof FerryError) throw err
    if (LOCAL_FAULTS.has((err as NodeJS.ErrnoException).code ?? '')) throw asSaveError(err, dest)
    throw networkError(err, client.providerName)
  }
}

/** Refuses a destination that is a folder, or that holds anything when replacing it was not asked for. */
async function mayWrite(dest: string, overwrite = false): Promise<void> {
  const there = await lstat(dest).catch(() => null)
  if (there?.isDirectory()) throw asSaveError({ code: 'EISDIR' }, dest)
  if (there && !overwrite) {
    throw new FerryError('file_exists', `${dest} already exists.`, { hint: 'Choose another name, or replace it.', params: { path: dest } })
  }
}

/** The response's body and announced length; an HTTP error status as the provider's error. */
async function respond(client: ApiClient, source: { path?: string; url?: string }, signal?: AbortSignal): Promise<{ stream: Readable; total: number | null }> {
  const stream = await client.stream({ ...source, signal })
  let total: number | null = null
  let status = 0
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('response', (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
        status = res.statusCode
        const len = Number(res.headers['content-length'])
        total = Number.isFinite(len) ? len : null
        resolve()
      })
      stream.once('error', reject)
    })
  } catch (err) {
    if (signal?.aborted) throw signal.reason ?? err
    throw networkError(err, client.providerName)
  }
  if (status >= 300) {
    const chunks: Buffer[] = []
    for await (const c of stream) chunks.push(c as Buffer)
    throw client.httpError(status, {}, Buffer.concat(chunks).toString('utf8'))
  }
  return { stream, total }
}
