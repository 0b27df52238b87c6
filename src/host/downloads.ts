// Saving a remote file: into a folder under its sanitized name, never over a file already there unless asked (or beside it as
// "name (1).jsonl"), refusing early when the disk cannot hold it, with progress; on any failure no partial file is left (the
// engine writes to a temp file and renames it at the end). A disk-full fault can be injected for tests.
import { stat, statfs } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { asFerryError, FerryError } from '../core/errors'
import { freeName, safeFileName } from '../core/local-names'
import { formatBytes } from '../core/units'
import type { DownloadOptions } from '../core/providers/types'
import type { ProviderAdapter } from '../core/providers/types'
import type { IfExists } from '../shared/api'

export interface DownloadFaults {
  /** Fail as a full disk would once this many bytes have been written (tests and the browser host's e2e runs). */
  diskFullAfterBytes?: number
}

export interface DownloadRequest {
  onProgress?: (received: number, total: number | null) => void
  signal?: AbortSignal
  /** When a file is already at the destination: refuse with `file_exists` (the default), replace it, or keep both. */
  ifExists?: IfExists
  faults?: DownloadFaults
}

export async function download(adapter: ProviderAdapter, id: string, destPath: string, req: DownloadRequest = {}): Promise<{ path: string; bytes: number }> {
  const { faults = {}, signal, ifExists = 'refuse' } = req
  const remote = await adapter.retrieve(id)
  let dest = resolve(destPath)
  if ((await stat(dest).catch(() => null))?.isDirectory()) dest = join(dest, safeFileName(remote.filename, safeFileName(remote.id, 'download')))
  if (ifExists === 'keepBoth') dest = await freeName(dest)
  const name = basename(dest)
  const free = await freeBytes(dirname(dest))
  if (remote.bytes !== null && free !== null && remote.bytes > free) throw notEnoughSpace(name, remote.bytes, free)

  // The injected fault stops the transfer the way a failing write would; the engine then removes its temp file.
  const ctl = new AbortController()
  const cancel = (): void => ctl.abort(new FerryError('download_cancelled', `Download cancelled; "${name}" was not saved.`))
  if (signal?.aborted) cancel()
  signal?.addEventListener('abort', cancel, { once: true })
  const opts: DownloadOptions = {
    signal: ctl.signal,
    overwrite: ifExists === 'replace',
    onProgress: (received, total) => {
      if (faults.diskFullAfterBytes !== undefined && received >= faults.diskFullAfterBytes && !ctl.signal.aborted) {
        ctl.abort(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
      }
      req.onProgress?.(received, total)
    }
  }
  try {
    // The adapters hand these options to the engine's downloadTo as they are, `overwrite` included.
    const { bytes } = await adapter.download(id, dest, opts)
    return { path: dest, bytes }
  } catch (err) {
    const e = asFerryError(err)
    if (e.code === 'disk_full') throw notEnoughSpace(name, remote.bytes, await freeBytes(dirname(dest)))
    throw e
  } finally {
    signal?.removeEventListener('abort', cancel)
  }
}

function notEnoughSpace(name: string, size: number | null, free: number | null): FerryError {
  const needs = size !== null ? ` needs ${formatBytes(size)}` : " doesn't fit"
  const left = free !== null ? `; ${formatBytes(free)} is free` : ''
  return new FerryError('disk_full', `Not enough space. "${name}"${needs}${left}.`, { hint: 'Free up space or pick another folder.' })
}

async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir)
    return s.bavail * s.bsize
  } catch {
    return null
  }
}
