// The persistent queue on disk: one JSON file per job (rewritten atomically on each state change) and an append-only parts log
// per job, so accepting a part costs one small fsynced append, not a rewrite of every job.
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { quarantine, writeFileAtomic } from '../fs-atomic'
import { PartRecordSchema, type PartRecord } from '../providers/checkpoint'
import { JobRecordSchema, type JobRecord } from './record'

export interface QuarantinedFile {
  file: string
  movedTo: string
  reason: string
}

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
    await mkdir(this.dir, { recursive: true })
    // Strictly increasing, so a process following the queue can tell every change from the one before.
    job.updatedAt = Math.max(Date.now(), job.updatedAt + 1)
    await writeFileAtomic(this.jobPath(job.id), JSON.stringify(job, null, 1))
  }

  /** Every job on disk; files that cannot be read are moved aside and reported, never deleted and never fatal. */
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
    for (const name of names.filter((n) => /^[A-Za-z0-9_-]+\.json$/.test(n)).sort()) {
      const path = join(this.dir, name)
      const result = await this.read(path)
      if (result.job) jobs.push(await this.withConfirmedBytes(result.job))
      else if (result.reason) quarantined.push({ file: path, movedTo: await quarantine(path), reason: result.reason })
    }
    jobs.sort((a, b) => a.createdAt - b.createdAt)
    return { jobs, quarantined }
  }

  /** Ids of the jobs on disk (not read). */
  async ids(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    return names.map((n) => /^([A-Za-z0-9_-]+)\.json$/.exec(n)?.[1]).filter((id): id is string => id !== undefined)
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
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return {}
      if (code === 'EISDIR') return { reason: 'it is a folder, not a saved upload' }
      throw err
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
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

  /** Accepted parts; a torn or damaged line (a crash mid-append) is skipped, which only means that part is sent again. */
  async readParts(jobId: string): Promise<PartRecord[]> {
    let text: string
    try {
      text = await readFile(this.partsPath(jobId), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    const parts: PartRecord[] = []
    for (const line of text.split('\n')) {
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
