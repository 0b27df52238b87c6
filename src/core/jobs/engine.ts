// The upload engine: adds jobs to the persistent queue, runs them through their provider's flow, checkpoints every durable step,
// and reports what happens as events (job changed, progress, retry). Knows nothing of Electron, React or the terminal.
import { EventEmitter } from 'node:events'
import { stat } from 'node:fs/promises'
import type { ErrorInfo } from '../../shared/errors'
import { isFinished, UNFINISHED_STATES } from '../../shared/jobs'
import { asFerryError, FerryError } from '../errors'
import type { RetryNotice } from '../http/with-retry'
import { checkFile } from '../preflight'
import type { AccountConfig, FlowContext, ProviderAdapter, UploadSpec } from '../providers/types'
import { ProgressMeter, type ProgressSnapshot } from '../transfer/progress'
import { Throttle } from '../transfer/throttle'
import { runPool } from '../providers/openai-dialect'
import { newJobRecord, type JobRecord } from './record'
import { JobStore } from './store'

const MiB = 1024 * 1024
export const DEFAULT_PART_SIZE = 64 * MiB
export const MAX_PART_SIZE = 64 * MiB

export type AdapterResolution = { adapter: ProviderAdapter } | { keyNeeded: ErrorInfo }
export type AdapterResolver = (account: AccountConfig) => Promise<AdapterResolution>

export interface ProgressEvent extends ProgressSnapshot {
  jobId: string
}
export interface RetryEvent {
  jobId: string
  attempt: number
  delayMs: number
  error: ErrorInfo
}

export interface EngineOptions {
  home: string
  resolve: AdapterResolver
  /** Bytes per second for all uploads together; unset = no limit. */
  bandwidthLimit?: number
  progressIntervalMs?: number
}

export interface EnqueueInput {
  path: string
  account: AccountConfig
  purpose: string
  expiresAfterSeconds?: number
  partSize?: number
  concurrency?: number
}

type StopReason = 'pause' | 'cancel' | 'interrupt'
class Stop extends Error {
  constructor(readonly reason: StopReason) {
    super(`stopped: ${reason}`)
    this.name = 'AbortError'
  }
}

export interface EngineEvents {
  job: [job: JobRecord]
  progress: [progress: ProgressEvent]
  retry: [retry: RetryEvent]
}

export class Engine extends EventEmitter<EngineEvents> {
  readonly store: JobStore
  readonly home: string
  private readonly opts: EngineOptions
  private throttle?: Throttle
  private readonly active = new Map<string, AbortController>()

  constructor(opts: EngineOptions) {
    super()
    this.opts = opts
    this.home = opts.home
    this.store = new JobStore(opts.home)
    if (opts.bandwidthLimit) this.throttle = new Throttle(opts.bandwidthLimit)
  }

  /** Checks the file against the provider's limits, then saves a queued job. A refused file leaves no job behind. */
  async enqueue(input: EnqueueInput, adapter: ProviderAdapter): Promise<JobRecord> {
    const file = await checkFile(input.path, input.purpose, adapter, input.expiresAfterSeconds)
    const partSize = input.partSize ?? DEFAULT_PART_SIZE
    if (!(partSize > 0 && partSize <= MAX_PART_SIZE)) {
      throw new FerryError('part_size_invalid', 'The part size must be more than 0 and at most 64 MB.', { hint: 'Use --part-size 64 or less.' })
    }
    const job = newJobRecord({
      state: 'queued',
      file,
      account: input.account,
      purpose: input.purpose,
      expiresAfterSeconds: input.expiresAfterSeconds,
      partSize: Math.floor(partSize),
      concurrency: Math.max(1, Math.floor(input.concurrency ?? 3))
    })
    await this.store.save(job)
    this.emit('job', job)
    return job
  }

  /** Runs the given jobs (or every unfinished one), `fileConcurrency` files at a time. Resolves when all have settled. */
  async run(jobIds?: string[], fileConcurrency = 1): Promise<JobRecord[]> {
    // By id, each job file is read alone: starting one job must not cost a read of the whole queue.
    const chosen = jobIds
      ? (await Promise.all(jobIds.map((id) => this.store.load(id)))).filter((j): j is JobRecord => j !== undefined)
      : (await this.store.all()).jobs.filter((j) => UNFINISHED_STATES.includes(j.state))
    const results = new Map<string, JobRecord>()
    await runPool(chosen, fileConcurrency, async (job) => {
      results.set(job.id, await this.runOne(job))
    })
    return chosen.map((j) => results.get(j.id) ?? j)
  }

  /** Changes the speed limit (bytes per second, null = none), for the uploads under way too. */
  setBandwidthLimit(bytesPerSecond: number | null): void {
    if (bytesPerSecond && this.throttle) this.throttle.setRate(bytesPerSecond)
    else if (bytesPerSecond) this.throttle = new Throttle(bytesPerSecond)
    else {
      this.throttle?.setRate(Infinity)
      this.throttle = undefined
    }
  }

  pause(jobId: string): void {
    this.active.get(jobId)?.abort(new Stop('pause'))
  }
  cancel(jobId: string): void {
    this.active.get(jobId)?.abort(new Stop('cancel'))
  }
  /** Stops everything in flight, leaving each job resumable (Ctrl-C, quit). */
  interruptAll(): void {
    for (const ctl of this.active.values()) ctl.abort(new Stop('interrupt'))
  }

  private async runOne(loaded: JobRecord): Promise<JobRecord> {
    const job = loaded
    if (isFinished(job.state)) return job
    const resolution = await this.opts.resolve(job.account).catch((err) => ({ keyNeeded: asFerryError(err).toInfo() }))
    if ('keyNeeded' in resolution) {
      job.state = 'key-needed'
      job.error = resolution.keyNeeded
      await this.saveAndEmit(job)
      return job
    }
    const adapter = resolution.adapter
    const ctl = new AbortController()
    this.active.set(job.id, ctl)
    const parts = await this.store.readParts(job.id)
    // What the provider already has, from the parts log: after a kill -9 the job file's own count may be stale.
    const session = job.checkpoint.upload
    if (session) job.bytesSent = parts.filter((p) => p.uploadId === session.id).reduce((n, p) => n + p.length, 0)
    const meter = new ProgressMeter(job.file.size, job.bytesSent)
    const interval = this.opts.progressIntervalMs ?? 250
    let lastEmit = 0
    let lastEmitted = -1
    let trailing: NodeJS.Timeout | undefined
    // Until a waiting retry goes again, progress of other parts in flight does not mean the job is back to normal.
    let retryUntil = 0
    const emitProgress = (): void => {
      clearTimeout(trailing)
      trailing = undefined
      lastEmit = Date.now()
      lastEmitted = job.bytesSent
      this.emit('progress', { jobId: job.id, ...meter.snapshot() })
    }
    const spec: UploadSpec = {
      path: job.file.path,
      filename: job.file.name,
      size: job.file.size,
      mtimeMs: job.file.mtimeMs,
      purpose: job.purpose,
      expiresAfterSeconds: job.expiresAfterSeconds,
      partSize: job.checkpoint.upload?.partSize ?? job.partSize,
      concurrency: job.concurrency
    }
    const ctx: FlowContext = {
      spec,
      signal: ctl.signal,
      checkpoint: () => job.checkpoint,
      saveCheckpoint: async (patch) => {
        job.checkpoint = { ...job.checkpoint, ...patch }
        for (const k of Object.keys(patch) as (keyof typeof patch)[]) if (patch[k] === undefined) delete job.checkpoint[k]
        await this.store.save(job)
      },
      parts: (uploadId) => parts.filter((p) => p.uploadId === uploadId),
      addPart: async (part) => {
        await this.store.appendPart(job.id, part)
        parts.push(part)
      },
      progress: (sent) => {
        job.bytesSent = sent
        meter.update(sent)
        if ((job.state === 'retrying' || job.state === 'waiting-for-network') && Date.now() >= retryUntil) {
          job.state = 'uploading'
          this.emit('job', job)
        }
        if (sent === lastEmitted) return
        const wait = interval - (Date.now() - lastEmit)
        if (wait <= 0 || sent === job.file.size) emitProgress()
        // Throttled, but the latest figure still goes out: a stalled upload must not show stale progress.
        else trailing ??= setTimeout(emitProgress, wait)
      },
      phase: (phase) => {
        const state = phase === 'finishing' ? 'finishing' : 'uploading'
        if (job.state !== state) {
          job.state = state
          this.emit('job', job)
        }
      },
      onRetry: (notice: RetryNotice) => {
        retryUntil = Math.max(retryUntil, Date.now() + notice.delayMs)
        job.state = notice.error.code === 'network' || notice.error.code === 'timeout' ? 'waiting-for-network' : 'retrying'
        this.emit('job', job)
        this.emit('retry', { jobId: job.id, attempt: notice.attempt, delayMs: notice.delayMs, error: notice.error.toInfo() })
      },
      renewed: (what) => {
        job.renewal = what
        this.emit('job', job)
      },
      assertSourceUnchanged: () => assertSourceUnchanged(job),
      ...(this.throttle ? { throttle: this.throttle } : {})
    }

    try {
      await ctx.assertSourceUnchanged()
      // Flows that cannot continue a broken upload start the file again; say so rather than pretend.
      if (job.bytesSent > 0 && !adapter.resumable(spec)) job.restarted = true
      job.state = 'uploading'
      delete job.error
      await this.saveAndEmit(job)
      const remote = await adapter.upload(ctx)
      job.state = 'completed'
      job.remote = remote
      job.bytesSent = job.file.size
      meter.update(job.file.size)
      if (lastEmitted !== job.file.size) emitProgress()
      await this.saveAndEmit(job)
      await this.store.clearParts(job.id)
    } catch (err) {
      const stop = ctl.signal.aborted ? (ctl.signal.reason as Stop | undefined) : undefined
      if (stop?.reason === 'cancel') {
        await adapter.discard(ctx).catch(() => undefined)
        job.state = 'cancelled'
      } else if (stop?.reason === 'pause') {
        job.state = 'paused'
      } else if (stop?.reason === 'interrupt') {
        job.state = 'queued'
      } else {
        job.state = 'failed'
        job.error = asFerryError(err).toInfo()
      }
      await this.saveAndEmit(job)
    } finally {
      clearTimeout(trailing)
      this.active.delete(job.id)
    }
    return job
  }

  /** Puts a paused, failed or key-needed job back in the queue (the next run continues it from its checkpoint). */
  async requeue(jobId: string): Promise<JobRecord | undefined> {
    const job = await this.store.load(jobId)
    if (!job || job.state === 'completed') return job
    if (job.state === 'cancelled') {
      job.checkpoint = {}
      job.bytesSent = 0
      await this.store.clearParts(job.id)
    }
    job.state = 'queued'
    delete job.error
    await this.saveAndEmit(job)
    return job
  }

  private async saveAndEmit(job: JobRecord): Promise<void> {
    await this.store.save(job)
    this.emit('job', job)
  }
}

async function assertSourceUnchanged(job: JobRecord): Promise<void> {
  let st
  try {
    st = await stat(job.file.path)
  } catch {
    throw new FerryError('source_missing', `${job.file.name} was moved or deleted after it was added to the queue.`, {
      hint: 'Put the file back where it was, or add it again from its new place.'
    })
  }
  if (st.size !== job.file.size || st.mtimeMs !== job.file.mtimeMs) {
    throw new FerryError('source_changed', `${job.file.name} changed after it was added to the queue, so Ferry stopped rather than upload a mix of old and new data.`, {
      hint: 'Add the file again to upload its current version.'
    })
  }
}
