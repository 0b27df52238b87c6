// One process runs the queue at a time: a lock file with pid and heartbeat, taken over once its owner is gone (e.g. after kill -9).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { quarantine, writeFileAtomic } from '../fs-atomic'

const HEARTBEAT_MS = 5_000
const STALE_MS = 20_000

export interface LockOwner {
  pid: number
  host: string
  heartbeat: number
}

export interface RunnerLock {
  release(): Promise<void>
}

/**
 * Takes the runner lock, or says who holds it. A holder whose heartbeat is older than STALE_MS, or whose process is gone, has
 * lost it: the next process to ask takes it over. `onLost` runs if this process finds another has taken the lock from it.
 */
export async function acquireRunnerLock(home: string, onLost?: () => void): Promise<{ lock: RunnerLock } | { heldBy: LockOwner }> {
  await mkdir(home, { recursive: true, mode: 0o700 })
  const path = join(home, 'runner.lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    const me: LockOwner = { pid: process.pid, host: hostname(), heartbeat: Date.now() }
    try {
      await writeFile(path, JSON.stringify(me), { flag: 'wx', mode: 0o600 })
      return { lock: holdLock(path, onLost) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const owner = await readOwner(path)
    if (owner && !isStale(owner)) return { heldBy: owner }
    // Stale: move it out of the way under a unique name (only one process wins the rename), then try again. A folder where the
    // lock belongs is not Ferry's to delete: it stays moved aside, intact.
    const stale = `${path}.stale-${process.pid}`
    await rename(path, stale).catch(() => undefined)
    await rm(stale, { force: true }).catch(() => quarantine(stale).catch(() => undefined))
  }
  const owner = await readOwner(path)
  return { heldBy: owner ?? { pid: 0, host: '', heartbeat: 0 } }
}

function holdLock(path: string, onLost?: () => void): RunnerLock {
  const beat = setInterval(() => {
    void (async () => {
      const owner = await readOwner(path)
      if (owner && (owner.pid !== process.pid || owner.host !== hostname())) {
        // Another process took the queue over (this one was frozen past STALE_MS): stop being its runner.
        clearInterval(beat)
        onLost?.()
        return
      }
      await writeFileAtomic(path, JSON.stringify({ pid: process.pid, host: hostname(), heartbeat: Date.now() }))
    })().catch(() => undefined)
  }, HEARTBEAT_MS)
  beat.unref()
  return {
    async release() {
      clearInterval(beat)
      const owner = await readOwner(path)
      if (owner?.pid === process.pid) await rm(path, { force: true })
    }
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const o = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>
    if (typeof o.pid === 'number' && typeof o.heartbeat === 'number') return { pid: o.pid, host: String(o.host ?? ''), heartbeat: o.heartbeat }
  } catch {
    // unreadable or half-written: treated as stale below
  }
  return undefined
}

function isStale(o: LockOwner): boolean {
  if (Date.now() - o.heartbeat > STALE_MS) return true
  if (o.host !== hostname()) return false
  try {
    process.kill(o.pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
