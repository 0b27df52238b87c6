// The app's long-lived queue runner: holds the runner lock, checks each file's content on arrival, keeps `concurrency` uploads
// going, waits out a lost connection and carries on by itself, and at start picks up whatever was in flight. Plain Node.
import { EventEmitter } from 'node:events'
import { readdir, stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { ErrorInfo } from '../../shared/errors'
import { isFinished, type JobState } from '../../shared/jobs'
import type { ProfileId, PurposeChoice, ValidationReport } from '../../shared/validation'
import { asFerryError, FerryError } from '../errors'
import { checkFile, formatBytes } from '../preflight'
import type { AccountConfig, ProviderAdapter } from '../providers/types'
import { CheckStore, type CheckSummary } from './check-store'
import { httpProbe, originOf, type ReachabilityProbe } from './connectivity'
import type { Engine, ProgressEvent } from './engine'
import { acquireRunnerLock, type LockOwner, type RunnerLock } from './lock'
import { newJobRecord, type JobRecord } from './record'
import type { QuarantinedFile } from './store'

/** Runs the validator on a file (in a worker in the app); injected so tests and hosts choose how. */
export type ContentCheck = (
  path: string,
  options: { purpose: PurposeChoice; profile: ProfileId; signal?: AbortSignal; onProgress?: (read: number, total: number) => void; all?: boolean }
) => Promise<ValidationReport>

export interface SchedulerOptions {
  engine: Engine
  /** Read live: settings may change while the queue runs. */
  concurrency: () => number
  autoStart: () => boolean
  check: ContentCheck
  /** An account's adapter, for its limits and name (the preflight before an upload); no key is needed for that. */
  adapterFor: (account: AccountConfig) => Promise<ProviderAdapter>
  /** The base URL an account's uploads go to (probed for connectivity); null = not probed. */
  endpointOf: (account: AccountConfig) => Promise<string | null>
  /** Default expiry for a purpose, in seconds. */
  expiryFor?: (purpose: string) => number | undefined
  probe?: ReachabilityProbe
  /** The operating system's own view (Electron's net.isOnline); assumed online when absent. */
  isOnline?: () => boolean
  /** How often hosts are probed and the jobs folder is looked at for jobs added by the CLI. */
  tickMs?: number
  checkConcurrency?: number
}

export interface AddInput {
  path: string
  account: AccountConfig
  /** Unset: detected from the content. */
  purpose?: string
  partSize: number
}

/** What the scheduler knows about a job beyond its record: shown to people, not persisted (except the check summary). */
export interface JobRuntime {
  check?: CheckSummary
  /** 0–100 while the content check runs. */
  checkProgress?: number
  /** Bytes the provider already had when this run picked the job up again. */
  resumedFrom?: number
  /** When the next retry happens (ms since epoch), while retrying. */
  retryUntil?: number
  /** Set at launch of a job that had begun before: when the engine starts it, its byte count is what the provider has. */
  awaitingResumePoint?: boolean
}

export interface Connectivity {
  online: boolean
  /** Origins of providers that do not answer. */
  unreachable: string[]
}

const CHECKED_PURPOSES = new Set(['fine-tune', 'batch', 'evals'])
/** States of a run that a crash or quit interrupted: they continue from their checkpoint at the next start. */
const IN_FLIGHT: JobState[] = ['uploading', 'finishing', 'retrying', 'key-needed']
type Intent = 'pause' | 'cancel' | 'kick' | 'remove'

export class Scheduler extends EventEmitter {
  private readonly engine: Engine
  private readonly opts: SchedulerOptions
  private readonly checks: CheckStore
  private readonly probe: ReachabilityProbe
  private readonly jobsById = new Map<string, JobRecord>()
  private readonly runtimes = new Map<string, JobRuntime>()
  private readonly running = new Map<string, Promise<void>>()
  /** What the user (or the connectivity monitor) asked of a running job; applied when its run settles. */
  private readonly intents = new Map<string, Intent>()
  private readonly checking = new Map<string, AbortController>()
  /** Jobs being written: not started until their record on disk is the one in memory (the engine reads it from disk). */
  private readonly saving = new Map<string, number>()
  private readonly checkQueue: string[] = []
  private readonly origins = new Map<string, Promise<string | null>>()
  private readonly resolvedOrigins = new Map<string, string | null>()
  private readonly lastCheckEmit = new Map<string, number>()
  private unreachable = new Set<string>()
  private online = true
  private lock?: RunnerLock
  private timer?: NodeJS.Timeout
  private probing = false
  private stopped = false
  heldBy?: LockOwner

  override on(event: 'job', fn: (job: JobRecord) => void): this
  override on(event: 'removed', fn: (jobId: string) => void): this
  override on(event: 'progress', fn: (p: ProgressEvent) => void): this
  override on(event: 'connectivity', fn: (c: Connectivity) => void): this
  override on(event: string, fn: (...args: never[]) => void): this {
    return super.on(event, fn as (...args: unknown[]) => void)
  }

  constructor(opts: SchedulerOptions) {
    super()
    this.opts = opts
    this.engine = opts.engine
    this.checks = new CheckStore(opts.engine.store.dir)
    this.probe = opts.probe ?? httpProbe()
    this.engine.on('job', (job) => this.fromEngine(job))
    this.engine.on('progress', (p) => this.emit('progress', p))
    this.engine.on('retry', (r) => {
      this.runtime(r.jobId).retryUntil = Date.now() + r.delayMs
      const job = this.jobsById.get(r.jobId)
      if (job) this.emit('job', job)
      if (r.error.code === 'network' || r.error.code === 'timeout') void this.probeNow()
    })
  }

  /** Takes the runner lock, loads the queue (moving damaged files aside) and resumes what was in flight. */
  async start(): Promise<{ quarantined: QuarantinedFile[]; heldBy?: LockOwner }> {
    const { jobs, quarantined } = await this.engine.store.all()
    for (const job of jobs) await this.adopt(job)
    await this.tryLock()
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 3_000)
    this.timer.unref()
    void this.probeNow()
    return { quarantined, ...(this.heldBy ? { heldBy: this.heldBy } : {}) }
  }

  /** Stops every upload and check, leaving each job to continue at the next start (quit, restart). */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    for (const ctl of this.checking.values()) ctl.abort()
    this.engine.interruptAll()
    await Promise.allSettled([...this.running.values()])
    await this.lock?.release()
    this.lock = undefined
  }

  list(): JobRecord[] {
    return [...this.jobsById.values()].sort((a, b) => a.createdAt - b.createdAt)
  }
  get(id: string): JobRecord | undefined {
    return this.jobsById.get(id)
  }
  runtime(id: string): JobRuntime {
    let rt = this.runtimes.get(id)
    if (!rt) this.runtimes.set(id, (rt = {}))
    return rt
  }
  isRunning(id: string): boolean {
    return this.running.has(id)
  }
  get activeCount(): number {
    return this.running.size
  }
  connectivity(): Connectivity {
    return { online: this.online, unreachable: [...this.unreachable] }
  }
  report(id: string): Promise<ValidationReport | undefined> {
    return this.checks.report(id)
  }

  /** Adds a file to the queue in the "checking" state; the check and, after it, the upload follow by themselves. */
  async add(input: AddInput): Promise<JobRecord> {
    const path = resolve(input.path)
    const st = await stat(path).catch((err: unknown) => {
      throw (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? new FerryError('file_missing', `There is no file at ${path}.`, { hint: 'Check the path and the file name.' })
        : asFerryError(err)
    })
    if (!st.isFile()) throw new FerryError('not_a_file', `${basename(path)} is not a file.`, { hint: 'Choose a file saved on disk.' })
    const job = newJobRecord({
      state: 'validating',
      file: { path, name: basename(path), size: st.size, mtimeMs: st.mtimeMs },
      account: input.account,
      // Provisional until the content says what the file is for.
      purpose: input.purpose ?? 'fine-tune',
      expiresAfterSeconds: undefined,
      partSize: input.partSize,
      concurrency: 3
    })
    await this.checks.saveStatus(job.id, { version: 1, autoPurpose: input.purpose === undefined, done: false })
    await this.save(job)
    this.scheduleCheck(job.id)
    return job
  }

  async setPurpose(id: string, purpose: string): Promise<JobRecord> {
    const job = this.need(id)
    if (!this.beforeUpload(job)) throw notNow(job, 'change its purpose')
    job.purpose = purpose
    await this.checks.saveStatus(id, { version: 1, autoPurpose: false, done: false })
    await this.recheck(id)
    return job
  }

  /** "Check again": the file as it is now (the person may have fixed it). */
  async recheck(id: string): Promise<JobRecord> {
    const job = this.need(id)
    if (!this.beforeUpload(job)) throw notNow(job, 'check it again')
    this.checking.get(id)?.abort()
    job.state = 'validating'
    delete job.error
    this.runtime(id).checkProgress = 0
    await this.save(job)
    this.scheduleCheck(id)
    return job
  }

  /** "Start" (auto-start off) or "Upload anyway" (warnings only). */
  async approve(id: string): Promise<JobRecord> {
    const job = this.need(id)
    if (job.state === 'ready' || job.state === 'has-warnings') await this.setState(job, 'queued')
    this.pump()
    return job
  }

  async pause(id: string): Promise<JobRecord> {
    const job = this.need(id)
    if (this.running.has(id)) this.requestStop(id, 'pause')
    else if (['queued', 'ready', 'waiting-for-network', 'retrying', 'key-needed'].includes(job.state)) await this.setState(job, 'paused')
    return job
  }

  async resume(id: string): Promise<JobRecord> {
    const job = this.need(id)
    // Paused a moment ago and not yet stopped: let the run end and pick it up again at once.
    if (this.intents.get(id) === 'pause') this.intents.set(id, 'kick')
    else if (job.state === 'paused') await this.setState(job, 'queued')
    this.pump()
    return job
  }

  async cancel(id: string): Promise<JobRecord> {
    const job = this.need(id)
    if (this.running.has(id)) this.requestStop(id, 'cancel')
    else if (!isFinished(job.state)) {
      this.checking.get(id)?.abort()
      await this.engine.store.clearParts(id)
      job.checkpoint = {}
      await this.setState(job, 'cancelled')
    }
    return job
  }

  /** Failed, cancelled or key-needed: queue again (a cancelled job starts over). "Retry now" while waiting to retry. */
  async retry(id: string): Promise<JobRecord> {
    const job = this.need(id)
    if (this.running.has(id)) {
      if (job.state === 'retrying' || job.state === 'waiting-for-network') this.requestStop(id, 'kick')
      return job
    }
    if (job.state === 'failed' && this.runtime(id).check?.valid === false) return this.recheck(id)
    if (['failed', 'cancelled', 'key-needed', 'paused', 'waiting-for-network'].includes(job.state)) {
      const requeued = await this.engine.requeue(id)
      if (requeued) this.jobsById.set(id, requeued)
    }
    this.pump()
    return this.need(id)
  }

  async remove(id: string): Promise<void> {
    if (!this.jobsById.has(id)) return
    const run = this.running.get(id)
    if (run) {
      this.requestStop(id, 'remove')
      await run
      return
    }
    this.checking.get(id)?.abort()
    await this.forget(id)
  }

  /** The account's key was fixed: jobs waiting for a key, or refused for it, try again. */
  async retryAccount(accountId: string): Promise<void> {
    this.forgetEndpoint(accountId)
    for (const job of this.list()) {
      if (job.account.id !== accountId || this.running.has(job.id)) continue
      if (job.state === 'key-needed' || (job.state === 'failed' && job.error?.code === 'auth_failed')) await this.retry(job.id)
    }
  }

  /** Settings changed (more uploads at once, auto-start on): act on them now. */
  poke(): void {
    this.pump()
  }

  /** The full report again with every finding listed (the stored one is capped per code). */
  async fullReport(id: string): Promise<ValidationReport | undefined> {
    const job = this.need(id)
    if (!CHECKED_PURPOSES.has(job.purpose)) return undefined
    return this.opts.check(job.file.path, { purpose: job.purpose as PurposeChoice, profile: 'openai', all: true })
  }

  /** An account's address changed: probe its new one. */
  forgetEndpoint(accountId: string): void {
    this.origins.delete(accountId)
    this.resolvedOrigins.delete(accountId)
  }

  // ---- internals ----------------------------------------------------------------------------------------------------------

  private need(id: string): JobRecord {
    const job = this.jobsById.get(id)
    if (!job) throw new FerryError('job_not_found', 'That file is no longer in the queue.', { hint: 'Refresh the list.' })
    return job
  }

  private beforeUpload(job: JobRecord): boolean {
    return !this.running.has(job.id) && ['queued', 'validating', 'needs-fixing', 'has-warnings', 'ready', 'failed', 'cancelled'].includes(job.state) && (job.bytesSent === 0 || isFinished(job.state))
  }

  private async adopt(job: JobRecord): Promise<void> {
    this.jobsById.set(job.id, job)
    const status = await this.checks.status(job.id)
    if (status?.summary) this.runtime(job.id).check = status.summary
    const started = job.bytesSent > 0 || Object.keys(job.checkpoint).length > 0
    if (job.state === 'validating' || (job.state === 'queued' && !status?.done && !started)) this.scheduleCheck(job.id)
  }

  private async tryLock(): Promise<void> {
    if (this.lock || this.stopped) return
    const got = await acquireRunnerLock(this.engine.home)
    if ('heldBy' in got) {
      this.heldBy = got.heldBy
      return
    }
    this.lock = got.lock
    this.heldBy = undefined
    // The previous runner stopped mid-upload (quit, crash): those jobs continue from their checkpoints.
    for (const job of this.list()) if (IN_FLIGHT.includes(job.state)) await this.setState(job, 'queued')
    this.drainChecks()
    this.pump()
  }

  private async tick(): Promise<void> {
    if (this.stopped) return
    await this.tryLock().catch(() => undefined)
    await this.rescan().catch(() => undefined)
    await this.probeNow()
  }

  /** Jobs added by the CLI while the app holds the queue: adopt them so they get uploaded. */
  private async rescan(): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.engine.store.dir)
    } catch {
      return
    }
    for (const name of names) {
      const id = /^([A-Za-z0-9_-]+)\.json$/.exec(name)?.[1]
      if (!id || this.jobsById.has(id)) continue
      const job = await this.engine.store.load(id)
      if (!job) continue
      await this.adopt(job)
      this.emit('job', job)
    }
    this.pump()
  }

  private fromEngine(job: JobRecord): void {
    this.jobsById.set(job.id, job)
    const intent = this.intents.get(job.id)
    // A stop asked for before the engine had picked the job up takes effect as soon as it starts.
    if (intent && job.state === 'uploading') this.applyStop(job.id, intent)
    if (intent === 'remove' || (intent === 'kick' && job.state === 'paused')) return
    const rt = this.runtime(job.id)
    if (job.state !== 'retrying') delete rt.retryUntil
    if (job.restarted) {
      delete rt.resumedFrom
      rt.awaitingResumePoint = false
    } else if (rt.awaitingResumePoint && job.state === 'uploading') {
      rt.awaitingResumePoint = false
      if (job.bytesSent > 0) rt.resumedFrom = job.bytesSent
    }
    this.emit('job', job)
  }

  private requestStop(id: string, intent: Intent): void {
    this.intents.set(id, intent)
    this.applyStop(id, intent)
  }

  private applyStop(id: string, intent: Intent): void {
    if (intent === 'cancel' || intent === 'remove') this.engine.cancel(id)
    else this.engine.pause(id)
  }

  private pump(): void {
    if (!this.lock || this.stopped) return
    const limit = Math.max(1, this.opts.concurrency())
    for (const job of this.list()) {
      if (this.running.size >= limit) break
      if (this.running.has(job.id) || !this.runnable(job)) continue
      const origin = this.knownOrigin(job.account)
      if (origin && this.unreachable.has(origin)) {
        if (job.state !== 'waiting-for-network') void this.setState(job, 'waiting-for-network')
        continue
      }
      this.launch(job)
    }
  }

  private runnable(job: JobRecord): boolean {
    if (this.saving.has(job.id)) return false
    if (job.state === 'queued') return !this.checking.has(job.id) && !this.checkQueue.includes(job.id)
    if (job.state === 'ready') return this.opts.autoStart()
    return job.state === 'waiting-for-network'
  }

  private launch(job: JobRecord): void {
    const rt = this.runtime(job.id)
    delete rt.resumedFrom
    rt.awaitingResumePoint = job.bytesSent > 0 || job.checkpoint.upload !== undefined
    const run = this.engine
      .run([job.id], 1)
      .then(() => undefined)
      .catch(async (err: unknown) => {
        const current = this.need(job.id)
        current.error = asFerryError(err).toInfo()
        await this.setState(current, 'failed')
      })
      .finally(async () => {
        this.running.delete(job.id)
        await this.settle(job.id).catch(() => undefined)
        this.pump()
      })
    this.running.set(job.id, run)
  }

  /** A run ended: carry out what was asked of it meanwhile. */
  private async settle(id: string): Promise<void> {
    const intent = this.intents.get(id)
    this.intents.delete(id)
    const job = this.jobsById.get(id)
    if (!job) return
    if (intent === 'remove') return this.forget(id)
    if (intent === 'kick' && job.state === 'paused') return this.setState(job, 'queued')
    if (intent === 'pause' && !isFinished(job.state) && job.state !== 'paused') return this.setState(job, 'paused')
    if (intent === 'cancel' && !isFinished(job.state)) return this.setState(job, 'cancelled')
  }

  private async forget(id: string): Promise<void> {
    await this.engine.store.remove(id)
    await this.checks.remove(id)
    this.jobsById.delete(id)
    this.runtimes.delete(id)
    this.emit('removed', id)
  }

  private async setState(job: JobRecord, state: JobState): Promise<void> {
    job.state = state
    if (state === 'queued' || state === 'paused' || state === 'waiting-for-network') delete job.error
    await this.save(job)
  }

  private async save(job: JobRecord): Promise<void> {
    this.jobsById.set(job.id, job)
    this.saving.set(job.id, (this.saving.get(job.id) ?? 0) + 1)
    try {
      await this.engine.store.save(job)
    } finally {
      const left = (this.saving.get(job.id) ?? 1) - 1
      if (left > 0) this.saving.set(job.id, left)
      else this.saving.delete(job.id)
    }
    this.emit('job', job)
    setImmediate(() => this.pump())
  }

  // ---- content check ----------------------------------------------------------------------------------------------------

  private scheduleCheck(id: string): void {
    if (!this.checkQueue.includes(id)) this.checkQueue.push(id)
    this.drainChecks()
  }

  private drainChecks(): void {
    const limit = this.opts.checkConcurrency ?? 2
    while (!this.stopped && this.checking.size < limit && this.checkQueue.length > 0) {
      const id = this.checkQueue.shift()!
      const job = this.jobsById.get(id)
      if (!job) continue
      const ctl = new AbortController()
      this.checking.set(id, ctl)
      void this.check(job, ctl).finally(() => {
        if (this.checking.get(id) === ctl) this.checking.delete(id)
        this.drainChecks()
        this.pump()
      })
    }
  }

  private async check(job: JobRecord, ctl: AbortController): Promise<void> {
    const id = job.id
    const rt = this.runtime(id)
    const autoPurpose = (await this.checks.status(id))?.autoPurpose ?? false
    let report: ValidationReport | null = null
    let refusal: ErrorInfo | undefined
    try {
      // The check, and the upload after it, are of the file as it is now: it may have been fixed since it was added.
      const st = await stat(job.file.path)
      job.file = { ...job.file, size: st.size, mtimeMs: st.mtimeMs }
      job.checkpoint = {}
      job.bytesSent = 0
      job.state = 'validating'
      delete job.error
      rt.checkProgress = 0
      await this.save(job)
      await this.engine.store.clearParts(id)
      const adapter = await this.opts.adapterFor(job.account)
      if (autoPurpose || CHECKED_PURPOSES.has(job.purpose)) {
        report = await this.opts.check(job.file.path, {
          purpose: autoPurpose ? 'auto' : (job.purpose as PurposeChoice),
          profile: 'openai',
          signal: ctl.signal,
          onProgress: (read, total) => this.checkProgress(job, read, total)
        })
        if (autoPurpose && report.detected.purpose) job.purpose = report.detected.purpose
      }
      refusal = await preflight(job, adapter)
    } catch (err) {
      if (ctl.signal.aborted) return
      refusal = asFerryError(err).toInfo()
    }
    if (ctl.signal.aborted || !this.jobsById.has(id)) return
    const expiry = this.opts.expiryFor?.(job.purpose)
    if (expiry !== undefined) job.expiresAfterSeconds = expiry
    else delete job.expiresAfterSeconds
    if (refusal && report) report = withFileFinding(report, refusal)
    const summary = summarize(report, refusal)
    rt.check = summary
    delete rt.checkProgress
    await this.checks.saveReport(id, report)
    await this.checks.saveStatus(id, { version: 1, autoPurpose: false, done: true, summary })
    if (!summary.valid) {
      job.error = refusal ?? needsFixing(summary.errors, report, (await this.opts.adapterFor(job.account).catch(() => undefined))?.name)
      job.state = 'needs-fixing'
    } else job.state = summary.warnings > 0 ? 'has-warnings' : 'ready'
    await this.save(job)
  }

  private checkProgress(job: JobRecord, read: number, total: number): void {
    const rt = this.runtime(job.id)
    rt.checkProgress = total > 0 ? Math.min(100, Math.floor((read / total) * 100)) : 0
    const now = Date.now()
    if (now - (this.lastCheckEmit.get(job.id) ?? 0) < 250) return
    this.lastCheckEmit.set(job.id, now)
    this.emit('job', job)
  }

  // ---- connectivity -------------------------------------------------------------------------------------------------------

  private knownOrigin(account: AccountConfig): string | null | undefined {
    return this.resolvedOrigins.get(account.id)
  }

  private originFor(account: AccountConfig): Promise<string | null> {
    let p = this.origins.get(account.id)
    if (!p) {
      p = this.opts
        .endpointOf(account)
        .then((url) => (url ? originOf(url) : null))
        .catch(() => null)
        .then((origin) => {
          this.resolvedOrigins.set(account.id, origin)
          return origin
        })
      this.origins.set(account.id, p)
    }
    return p
  }

  /** Probes the hosts of the jobs that want the network; jobs for a host that does not answer wait for it. */
  private async probeNow(): Promise<void> {
    if (this.probing || this.stopped) return
    this.probing = true
    try {
      const wanting = this.list().filter((j) => this.running.has(j.id) || this.runnable(j))
      const byOrigin = new Map<string, string[]>()
      for (const job of wanting) {
        const origin = await this.originFor(job.account)
        if (origin) byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), job.id])
      }
      const origins = [...byOrigin.keys()]
      const down = new Set(origins.length > 0 ? await this.probe(origins) : [])
      const recovered = [...this.unreachable].filter((o) => !down.has(o))
      // Nothing answers at all: as far as the person can tell, the computer is offline.
      const online = (this.opts.isOnline?.() ?? true) && !(origins.length > 0 && down.size === origins.length)
      const changed = online !== this.online || down.size !== this.unreachable.size || recovered.length > 0
      this.unreachable = down
      this.online = online
      if (changed) this.emit('connectivity', this.connectivity())
      // Uploads sitting out a retry wait while their host was down: continue now rather than at the end of the wait.
      for (const origin of recovered) {
        for (const id of byOrigin.get(origin) ?? []) {
          const job = this.jobsById.get(id)
          if (job && this.running.has(id) && (job.state === 'waiting-for-network' || job.state === 'retrying') && !this.intents.has(id)) {
            this.requestStop(id, 'kick')
          }
        }
      }
    } catch {
      // A probe that itself fails tells nothing; the next tick tries again.
    } finally {
      this.probing = false
    }
    this.pump()
  }
}

/** The provider's limits for this file and purpose, in UI.md §6 words when the file is too large. */
async function preflight(job: JobRecord, adapter: ProviderAdapter): Promise<ErrorInfo | undefined> {
  try {
    await checkFile(job.file.path, job.purpose, adapter, job.expiresAfterSeconds)
    return undefined
  } catch (err) {
    const e = asFerryError(err)
    if (e.code === 'file_too_large') {
      const limit = adapter.limits.purposes[job.purpose]?.label ?? ''
      return {
        code: 'file_too_large',
        message: `The file is ${formatBytes(job.file.size)}; the limit is ${limit} for ${job.purpose}.`,
        hint: 'Split it, or use another account.'
      }
    }
    return e.toInfo()
  }
}

function summarize(report: ValidationReport | null, refusal: ErrorInfo | undefined): CheckSummary {
  const count = (severity: 'error' | 'warning'): number => (report?.counts ?? []).filter((c) => c.severity === severity).reduce((n, c) => n + c.total, 0)
  const errors = count('error') + (refusal && !report ? 1 : 0)
  const detected = report?.detected.purpose ?? undefined
  return { valid: errors === 0 && !refusal, errors, warnings: count('warning'), ...(detected ? { detectedPurpose: detected } : {}) }
}

/** A refusal before any line is read (too large, wrong extension) shown as a whole-file problem in the report. */
function withFileFinding(report: ValidationReport, refusal: ErrorInfo): ValidationReport {
  if (report.counts.some((c) => c.code === refusal.code || (refusal.code === 'file_too_large' && c.code === 'E_FILE_TOO_LARGE'))) {
    return { ...report, valid: false }
  }
  const finding = { line: null, code: refusal.code, message: refusal.message, hint: refusal.hint, params: {} }
  return {
    ...report,
    valid: false,
    errors: [finding, ...report.errors],
    counts: [{ code: refusal.code, severity: 'error', total: 1, listed: 1 }, ...report.counts]
  }
}

function needsFixing(errors: number, report: ValidationReport | null, provider = 'the provider'): ErrorInfo {
  const fatal = report?.fatal ? report.errors[0] : undefined
  if (fatal) return { code: 'needs_fixing', message: fatal.message, hint: fatal.hint }
  // Lines with problems: exact while every finding is listed, else the count of findings (close enough, never too few).
  const n = report && !report.truncated ? new Set(report.errors.map((f) => f.line)).size || errors : errors
  return {
    code: 'needs_fixing',
    message: `Needs fixing. ${n} ${n === 1 ? 'line has' : 'lines have'} problems ${provider} won't accept.`,
    hint: 'Fix the file, then check it again.'
  }
}

function notNow(job: JobRecord, what: string): FerryError {
  return new FerryError('job_busy', `Ferry can't ${what} while "${job.file.name}" is being uploaded.`, { hint: 'Pause or cancel the upload first.' })
}
