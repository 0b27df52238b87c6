// Durable small-file writes: temp file + fsync + rename, so a crash leaves the old version or the new one, never half of one.
import { open, rename, rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`
  const fh = await open(temp, 'w', 0o600)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}

/** Moves a damaged file aside with its bytes intact; returns where it went. */
export async function quarantine(path: string): Promise<string> {
  const dest = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
  await rename(path, dest)
  return dest
}
