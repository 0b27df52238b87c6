// The persistent queue on disk: one JSON file per job (rewritten atomically on each state change) and an append-only parts log
// per job, so accepting a part costs one small fsynced append, not a rewrite of every job.
import { constants } from 'node:fs'
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { quarantine, writeFileAtomic } from '../fs-atomic'
import { PartRecordSchema, type PartRecord } from '../providers/checkpoint'
import { JobRecordSchema, type JobRecord } from './record'

export interface QuarantinedFile {
  file: string
  movedTo: string
  reason: string
}

/** A queue file's entry in its folder: its text, nothing there, or something else where a file belongs (a folder, a FIFO). */
export type Entry = { text: string } | { absent: true } | { notAFile: true }

/** Reads a file of the queue's folder without ever blocking on a FIFO or failing on a folder put where a file belongs. */
export async function readEntry(path: string): Promise<Entry> {
  let fh
  try {
    fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { absent: true }
    if (code === 'EISDIR') return { notAFile: true }
    throw err
  }
  try {
    return (await fh.stat()).isFile() ? { text: await fh.readFile('utf8') } : { notAFile: true }
  } finally {
    await fh.close()
  }
}

const JOB_FILE = /^[A-Za-z0-9_-]+\.json$/
/** The files kept beside a job: its parts log and its check report. */
const SIDE_FILE = /^[A-Za-z0-9_-]+\.(parts\.jsonl|report\.json)$/
const NOT_A_FILE = 'it is a folder (or a device), not a file Ferry wrote'

export class JobStore {
  readonly dir: string
  constructor(home: string) {
    this.dir = join(home, 'jobs')
  }

  private jobPath(id: string): string {
    return join(this.dir, `${id}.json`)
  }
  private partsPath(id: string): string {
    return join(this.dir, `${id}.parts.jsonl`)
  }

  async save(job: JobRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    // Strictly increasing, so a process following the queue can tell every change from the one before.
    job.updatedAt = Math.max(Date.now(), job.updatedAt + 1)
    await writeFileAtomic(this.jobPath(job.id), JSON.stringify(job, null, 1))
  }

  /**
   * Every job on disk. What cannot be read — a damaged file, or a folder or device where a job's file or parts log belongs — is
   * moved aside and reported, never deleted and never fatal.
   */
  async all(): Promise<{ jobs: JobRecord[]; quarantined: QuarantinedFile[] }> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { jobs: [], quarantined: [] }
      throw err
    }
    const jobs: JobRecord[] = []
    const quarantined: QuarantinedFile[] = []
    const moveAside = async (path: string, reason: string): Promise<void> => {
      quarantined.push({ file: path, movedTo: await quarantine(path), reason })
    }
    for (const name of names.filter((n) => SIDE_FILE.test(n)).sort()) {
      const path = join(this.dir, name)
      const st = await stat(path).catch(() => undefined)
      if (st && !st.isFile()) await moveAside(path, NOT_A_FILE)
    }
    for (const name of names.filter((n) => JOB_FILE.test(n)).sort()) {
      const path = join(this.dir, name)
      const result = await this.read(path)
      if (result.job) jobs.push(await this.withConfirmedBytes(result.job))
      else if (result.reason) await moveAside(path, result.reason)
    }
    jobs.sort((a, b) => a.createdAt - b.createdAt)
    return { jobs, quarantined }
  }

  /** Ids of the jobs on disk (not read). */
  async ids(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    return names.filter((n) => JOB_FILE.test(n)).map((n) => n.slice(0, -'.json'.length))
  }

  async load(id: string): Promise<JobRecord | undefined> {
    const { job } = await this.read(this.jobPath(id))
    return job && this.withConfirmedBytes(job)
  }

  /** An Uploads API job's count is what its parts log says the provider accepted (the record may predate the last parts). */
  private async withConfirmedBytes(job: JobRecord): Promise<JobRecord> {
    const session = job.checkpoint.upload
    if (session && job.state !== 'completed') {
      job.bytesSent = (await this.readParts(job.id)).filter((p) => p.uploadId === session.id).reduce((n, p) => n + p.length, 0)
    }
    return job
  }

  private async read(path: string): Promise<{ job?: JobRecord; reason?: string }> {
    const entry = await readEntry(path)
    if ('absent' in entry) return {}
    if ('notAFile' in entry) return { reason: NOT_A_FILE }
    let raw: unknown
    try {
      raw = JSON.parse(entry.text)
    } catch {
      return { reason: 'it is not valid JSON (damaged, perhaps by a crash or a full disk)' }
    }
    const parsed = JobRecordSchema.safeParse(raw)
    if (!parsed.success) return { reason: 'its contents are not a job Ferry understands' }
    return { job: parsed.data }
  }

  async appendPart(jobId: string, part: PartRecord): Promise<void> {
    const fh = await open(this.partsPath(jobId), 'a', 0o600)
    try {
      await fh.write(JSON.stringify(part) + '\n')
      await fh.datasync()
    } finally {
      await fh.close()
    }
  }

  /**
   * Accepted parts; a torn or damaged line (a crash mid-append) is skipped, which only means that part is sent again. A parts
   * log that is not a file (moved aside by `all`) counts as none.
   */
  async readParts(jobId: string): Promise<PartRecord[]> {
    const entry = await readEntry(this.partsPath(jobId))
    if (!('text' in entry)) return []
    const parts: PartRecord[] = []
    for (const line of entry.text.split('\n')) {
      if (!line) continue
      try {
        const r = PartRecordSchema.safeParse(JSON.parse(line))
        if (r.success) parts.push(r.data)
      } catch {
        // skipped: see above
      }
    }
    return parts
  }

  async clearParts(jobId: string): Promise<void> {
    await rm(this.partsPath(jobId), { force: true })
  }

  async remove(jobId: string): Promise<void> {
    await rm(this.jobPath(jobId), { force: true })
    await this.clearParts(jobId)
  }
}
