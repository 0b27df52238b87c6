// Durable small-file primitives for the sandbox store: atomic JSON writes and tolerant reads.
import { open, readFile, rename, rm } from 'node:fs/promises'
import { randomAlnum } from './ids'

/**
 * Writes JSON through a temp file + fsync + rename, so a crash leaves either the old or the new document,
 * never a torn one. (The directory itself is not fsynced: losing the very last rename on power loss is acceptable
 * for a local sandbox.)
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${randomAlnum(8)}.tmp`
  const handle = await open(tmp, 'w')
  try {
    await handle.writeFile(JSON.stringify(value))
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** The parsed document, or null when it does not exist or cannot be parsed (a damaged entry is skipped, not fatal). */
export async function readJsonFile<T>(path: string): Promise<T | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  try {
    return JSON.parse(text) as T
  } catch {
    return null
  }
}
