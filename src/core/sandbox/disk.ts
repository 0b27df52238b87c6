// Durable small-file primitives for the sandbox store: atomic JSON writes and tolerant reads.
import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../fs-atomic'

/** Writes JSON through a temp file + fsync + rename: a crash leaves the old or the new document, never a torn one. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value))
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
