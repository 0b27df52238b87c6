// Streams a remote file to disk through a temporary file renamed at the end, so a failed download never leaves half a file.
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ApiClient } from '../http/client'
import { asFerryError, FerryError } from '../errors'
import { networkError } from '../http/errors'
import type { DownloadOptions } from '../providers/types'

export async function downloadTo(
  client: ApiClient,
  source: { path?: string; url?: string },
  dest: string,
  opts: DownloadOptions = {}
): Promise<{ bytes: number }> {
  const temp = join(dirname(dest), `.${basename(dest)}.ferry-${randomBytes(4).toString('hex')}.part`)
  const stream = await client.stream({ ...source, signal: opts.signal })
  let total: number | null = null
  let status = 0
  const response = new Promise<void>((resolve, reject) => {
    stream.once('response', (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
      status = res.statusCode
      const len = Number(res.headers['content-length'])
      total = Number.isFinite(len) ? len : null
      resolve()
    })
    stream.once('error', reject)
  })
  try {
    await response
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err
    throw networkError(err, client.providerName)
  }
  if (status >= 300) {
    const chunks: Buffer[] = []
    for await (const c of stream) chunks.push(c as Buffer)
    throw client.httpError(status, {}, Buffer.concat(chunks).toString('utf8'))
  }
  let received = 0
  const count = new Transform({
    transform(chunk: Buffer, _e, done) {
      received += chunk.length
      opts.onProgress?.(received, total)
      done(null, chunk)
    }
  })
  try {
    await pipeline(stream, count, createWriteStream(temp, { flags: 'wx' }))
    if (total !== null && received !== total) {
      throw new FerryError('download_incomplete', 'The download ended before the whole file arrived.', {
        retryable: true,
        hint: 'Try the download again.'
      })
    }
    await rename(temp, dest)
    return { bytes: received }
  } catch (err) {
    await rm(temp, { force: true })
    if (opts.signal?.aborted) throw opts.signal.reason ?? err
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOSPC' || code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || err instanceof FerryError) throw asFerryError(err)
    throw networkError(err, client.providerName)
  }
}
