// Names for files Ferry writes locally: a provider's file name made safe to save under, and a free name beside a taken one.
import { lstat } from 'node:fs/promises'
import { extname } from 'node:path'

/** Room under the usual 255-byte limit for " (12)" and Ferry's temp-file affixes. */
const MAX_BYTES = 200

/**
 * A provider's file name as a plain local one: its last path part only, no control or bidi characters, no leading dots (so
 * never `..` or a dotfile), no characters Windows refuses, at most 200 bytes (the extension kept); `fallback` if nothing is left.
 */
export function safeFileName(name: string, fallback: string): string {
  const clean = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  const safe = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(clean) ? `_${clean}` : clean
  return shorten(safe) || fallback
}

/** `path` if nothing is there, else the first free `name (n).ext` beside it. */
export async function freeName(path: string): Promise<string> {
  const ext = extname(path)
  const stem = path.slice(0, path.length - ext.length)
  for (let n = 1; await taken(path); n++) path = `${stem} (${n})${ext}`
  return path
}

async function taken(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false
  )
}

function shorten(name: string): string {
  if (Buffer.byteLength(name) <= MAX_BYTES) return name
  const ext = extname(name)
  const keep = Buffer.byteLength(ext) <= 20 ? ext : ''
  const stem = [...name.slice(0, name.length - keep.length)].slice(0, MAX_BYTES)
  while (stem.length > 0 && Buffer.byteLength(stem.join('') + keep) > MAX_BYTES) stem.pop()
  return stem.join('').trimEnd() + keep
}
