// Checks a file against the provider's limits before a byte is sent, in the provider's own terms ("128 MB").
import { formatBytes } from './units'
import { capitalize } from '../shared/sentence'
import { stat, open } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'
import { asFerryError, FerryError } from './errors'
import type { ProviderAdapter } from './providers/types'

export interface CheckedFile {
  path: string
  name: string
  size: number
  mtimeMs: number
}

export async function checkFile(
  path: string,
  purpose: string,
  adapter: ProviderAdapter,
  expiresAfterSeconds?: number
): Promise<CheckedFile> {
  const abs = resolve(path)
  const name = basename(abs)
  let st
  try {
    st = await stat(abs)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FerryError('file_missing', `There is no file at ${abs}.`, { hint: 'Check the path and the file name.' })
    throw asFerryError(err)
  }
  if (st.isDirectory()) throw new FerryError('not_a_file', `${name} is a folder, not a file.`, { hint: 'Choose the file inside it.' })
  if (!st.isFile()) throw new FerryError('not_a_file', `${name} is not a regular file.`, { hint: 'Choose a file saved on disk.' })
  if (st.size === 0)
    throw new FerryError('file_empty', `${name} is empty (0 bytes).`, { hint: 'Choose the file that holds your data, or export it again.' })
  try {
    await (await open(abs, 'r')).close()
  } catch (err) {
    throw asFerryError(err)
  }

  const limits = adapter.limits
  const rule = limits.purposes[purpose]
  if (!rule && !limits.anyPurpose) {
    throw new FerryError('purpose_unsupported', `${capitalize(adapter.name)} does not take files for "${purpose}".`, {
      hint: `Choose one of: ${Object.keys(limits.purposes).join(', ')}.`
    })
  }
  if (rule?.extensions && !rule.extensions.includes(extname(name).toLowerCase())) {
    throw new FerryError('extension_unsupported', `${capitalize(adapter.name)} takes ${purpose} files only as ${rule.extensions.join(' or ')}; this one is ${extname(name) || 'without an extension'}.`, {
      hint: `Save the data as ${rule.extensions[0]} (one JSON object per line).`
    })
  }
  if (rule && st.size > rule.maxBytes) {
    throw new FerryError('file_too_large', `${name} is ${formatBytes(st.size)}; ${adapter.name} accepts at most ${rule.label} for ${purpose} files.`, {
      hint: 'Split it into smaller files and upload each one.'
    })
  }
  if (expiresAfterSeconds !== undefined && limits.expiry) {
    const { min, max } = limits.expiry
    if (!Number.isInteger(expiresAfterSeconds) || expiresAfterSeconds < min || expiresAfterSeconds > max) {
      throw new FerryError('expiry_out_of_range', `${capitalize(adapter.name)} keeps files for between ${min} s (1 hour) and ${max} s (30 days); ${expiresAfterSeconds} is outside that.`, {
        hint: 'Choose an expiry within that range, or leave it out.'
      })
    }
  }
  return { path: abs, name, size: st.size, mtimeMs: st.mtimeMs }
}

