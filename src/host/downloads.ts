// Saving a remote file: refuses early when the disk cannot hold it, reports progress, and on any failure leaves no partial file
// (the engine writes to a temp file and renames it at the end). A disk-full fault can be injected for tests.
import { statfs } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { asFerryError, FerryError } from '../core/errors'
import { formatBytes } from '../core/units'
import type { ProviderAdapter } from '../core/providers/types'

export interface DownloadFaults {
  /** Fail as a full disk would once this many bytes have been written (tests and the browser host's e2e runs). */
  diskFullAfterBytes?: number
}

export async function download(
  adapter: ProviderAdapter,
  id: string,
  destPath: string,
  onProgress: (received: number, total: number | null) => void,
  faults: DownloadFaults = {},
  signal?: AbortSignal
): Promise<{ path: string; bytes: number }> {
  const dest = resolve(destPath)
  const name = basename(dest)
  const remote = await adapter.retrieve(id)
  const free = await freeBytes(dirname(dest))
  if (remote.bytes !== null && free !== null && remote.bytes > free) throw notEnoughSpace(name, remote.bytes, free)

  // The injected fault stops the transfer the way a failing write would; the engine then removes its temp file.
  const ctl = new AbortController()
  const cancel = (): void => ctl.abort(new FerryError('download_cancelled', `Download cancelled; "${name}" was not saved.`))
  if (signal?.aborted) cancel()
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    const { bytes } = await adapter.download(id, dest, {
      signal: ctl.signal,
      onProgress: (received, total) => {
        if (faults.diskFullAfterBytes !== undefined && received >= faults.diskFullAfterBytes && !ctl.signal.aborted) {
          ctl.abort(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
        }
        onProgress(received, total)
      }
    })
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
