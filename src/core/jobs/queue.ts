// The one queue of a FERRY_HOME, for every host (the app, the browser host, the CLI). It owns the job records (one copy in
// memory, saved on each change), moves them only through the lifecycle table, and — in the one process that holds the runner
// lock — checks files, runs uploads through the executor and carries out the other processes' commands. A process that finds
// a live runner follows it (reads the records it writes, sends commands through the inbox) and takes over when it goes quiet.
import { EventEmitter } from 'node:events'
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { ErrorInfo } from '../../shared/errors'
import type { JobState } from '../../shared/jobs'
import { can, isRunState, next, type JobEvent } from '../../shared/lifecycle'
import type { ValidationReport } from '../../shared/validation'
import { asFerryError, FerryError } from '../errors'
import type { RetryNotice } from '../http/with-retry'
import type { AccountConfig, ProviderAdapter } from '../providers/types'
import type { ProgressSnapshot } from '../transfer/progress'
import { Throttle } from '../transfer/throttle'
import { CheckPool } from './check-pool'
import { CheckStore } from './check-store'
import { checkJob, type ContentCheck } from './checks'
import { applyCommand } from './commands'
import { ConnectivityMonitor, type Connectivity, type ReachabilityProbe } from './connectivity'
import { execute, type Outcome, type Run, type StopReason } from './executor'
import { checkAllows, verdictEvent } from './gate'
import { Inbox, type Command } from './inbox'
import { acquireRunnerLock, type LockOwner, type RunnerLock } from './lock'
import { newJobRecord, type JobRecord } from './record'
import { JobStore, type QuarantinedFile } from './store'

export type AdapterResolution = { adapter: ProviderAdapter } | { keyNeeded: ErrorInfo }

export interface QueueOptions {
  home: string
  /** An account's adapter with its key, or why there is no key. */
  resolve: (account: AccountConfig) => Promise<AdapterResolution>
  /** An account's adapter for its limits and name; no key needed. */
  limitsFor: (account: AccountConfig) => Promise<ProviderAdapter>
  check: ContentCheck
  /** Read live: settings may change while the queue runs. */
  concurrency: () => number
  autoStart: () => boolean
  /** The default expiry for a purpose (app settings); absent: a job keeps the expiry it was added with. */
  expiryFor?: (purpose: string) => number | undefined
  /** Where an account's uploads go, to probe it; absent: no probing (the uploads' own retries wait out an outage). */
  endpointOf?: (account: AccountConfig) => Promise<string | null>
  probe?: ReachabilityProbe
  isOnline?: () => boolean
  /** Bytes per second for all uploads together. */
  bandwidthLimit?: number
  /** How often the runner reads its inbox and the follower reads the records (ms). */
  tickMs?: number
  checkConcurrency?: number
  /** Hold the queue only to change it (`ferry queue cancel …`): check and upload nothing. */
  passive?: boolean
}

export interface AddInput {
  path: string
  account: AccountConfig
  /** Unset: taken from the content. */
  purpose?: string
  partSize: number
  concurrency?: number
  expiresAfterSeconds?: number
  uploadAnyway?: 'warnings' | 'errors'
}

/** What the queue knows of a job beyond its record: shown, never saved. */
export interface JobRuntime {
  /** 0–100 while the content check runs. */
  checkProgress?: number
  /** Bytes the provider already had when this run picked the job up again. */
  resumedFrom?: number
  /** When the next retry happens (ms since epoch), while retrying. */
  retryUntil?: number
}

export interface ProgressEvent extends ProgressSnapshot {
  jobId: string
}
export interface RetryEvent {
  jobId: string
  attempt: number
  delayMs: number
  error: ErrorInfo
}

interface Slot {
  /** What was asked of the run while it went on; decides its end over the run's own reason. */
  stop?: StopReason
  run?: Run
}

export interface QueueEvents {
  job: [job: JobRecord]
  removed: [jobId: string]
  progress: [progress: ProgressEvent]
  retry: [retry: RetryEvent]
  connectivity: [connectivity: Connectivity]
  role: [role: 'runner' | 'follower']
}

/** Events that only change a run's phase: shown at once, not worth a disk write (a crash leaves "uploading", which resumes). */
const PASSING: ReadonlySet<JobEvent> = new Set(['finishing', 'transfer', 'retryWait', 'networkWait'])
/** Events whose patch sets the job's error; every other event clears it. */
const WITH_ERROR: ReadonlySet<JobEvent> = new Set(['fail', 'keyMissing', 'checkFailed'])

export class Queue extends EventEmitter<QueueEvents> {
  readonly store: JobStore
  readonly checks: CheckStore
  readonly opts: QueueOptions
  private readonly inbox: Inbox
  private readonly jobs = new Map<string, JobRecord>()
  private readonly runtimes = new Map<string, JobRuntime>()
  readonly runs = new Map<string, Slot>()
  readonly checking: CheckPool
  private readonly saves = new Map<string, Promise<void>>()
  private readonly monitor?: ConnectivityMonitor
  private readonly checkEmitAt = new Map<string, number>()
  private throttle?: Throttle
  private lock?: RunnerLock
  private timer?: NodeJS.Timeout
  private ticking = false
  private closed = false
  private closing?: Promise<void>
  heldBy?: LockOwner

  constructor(opts: QueueOptions) {
    super()
    this.opts = opts
    this.store = new JobStore(opts.home)
    this.checks = new CheckStore(this.store.dir)
    this.inbox = new Inbox(this.store.dir)
    this.checking = new CheckPool(opts.checkConcurrency ?? 2, (id, signal) => this.runCheck(id, signal), () => this.pump())
    if (opts.bandwidthLimit) this.throttle = new Throttle(opts.bandwidthLimit)
    if (opts.endpointOf) {
      this.monitor = new ConnectivityMonitor({
        endpointOf: opts.endpointOf,
        ...(opts.probe ? { probe: opts.probe } : {}),
        ...(opts.isOnline ? { isOnline: opts.isOnline } : {}),
        onChange: (c) => this.emit('connectivity', c)
      })
    }
  }

  // ---- reading ----------------------------------------------------------------------------------------------------------

  list(): JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => a.createdAt - b.createdAt)
  }
  get(id: string): JobRecord | undefined {
    return this.jobs.get(id)
  }
  need(id: string): JobRecord {
    const job = this.jobs.get(id)
    if (!job) throw new FerryError('job_not_found', 'That file is no longer in the queue.', { hint: 'Refresh the list.' })
    return job
  }
  runtime(id: string): JobRuntime {
    let rt = this.runtimes.get(id)
    if (!rt) this.runtimes.set(id, (rt = {}))
    return rt
  }
  get isRunner(): boolean {
    return this.lock !== undefined
  }
  get activeCount(): number {
    return this.runs.size
  }
  connectivity(): Connectivity {
    return this.monitor?.state() ?? { online: true, unreachable: [] }
  }
  report(id: string): Promise<ValidationReport | undefined> {
    return this.checks.report(id)
  }

  /** Nothing in `ids` (or in the queue) will move on without the person: what `ferry upload` and `ferry resume` wait for. */
  idle(ids?: readonly string[]): boolean {
    const jobs = ids ? ids.map((id) => this.jobs.get(id)).filter((j): j is JobRecord => !!j) : this.list()
    return jobs.every((j) => !this.runs.has(j.id) && !this.checking.has(j.id) && !this.movesOn(j))
  }

  private movesOn(job: JobRecord): boolean {
    if (job.state === 'ready') return this.opts.autoStart() || job.uploadAnyway !== undefined
    return next(job.state, 'launch') !== undefined || job.state === 'validating' || isRunState(job.state)
  }

  // ---- life ---------------------------------------------------------------------------------------------------------------

  /** Loads the queue (moving damaged files aside), then runs it or follows the process that does. */
  async open(): Promise<{ quarantined: QuarantinedFile[]; heldBy?: LockOwner }> {
    const { jobs, quarantined } = await this.store.all()
    for (const job of jobs) this.jobs.set(job.id, job)
    await this.tryToRun()
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 1_000)
    this.timer.unref()
    return { quarantined, ...(this.heldBy ? { heldBy: this.heldBy } : {}) }
  }

  /** Stops every check and upload, each to continue at the next start; `now` skips letting nearly-done requests finish. */
  close(opts: { now?: boolean } = {}): Promise<void> {
    if (opts.now) this.hurry()
    return (this.closing ??= this.shutDown(opts.now))
  }

  private async shutDown(now = false): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    this.checking.abortAll()
    for (const [id, slot] of this.runs) this.stopRun(id, slot, 'interrupt', now)
    await this.settledRuns()
    await Promise.allSettled([...this.saves.values()])
    await this.lock?.release()
    this.lock = undefined
  }

  /** A second Ctrl-C: cut what the first let finish. */
  hurry(): void {
    for (const [id, slot] of this.runs) this.stopRun(id, slot, 'interrupt', true)
  }

  private async settledRuns(): Promise<void> {
    while (this.runs.size > 0) await new Promise((r) => setTimeout(r, 20))
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return
    this.ticking = true
    try {
      if (!this.lock) await this.tryToRun()
      if (!this.lock) return await this.followDisk()
      for (const c of await this.inbox.take()) await applyCommand(this, c).catch(() => undefined)
      await this.adoptNew()
      await this.probe()
      this.pump()
    } catch {
      // A tick that fails (a disk hiccup) is tried again on the next one.
    } finally {
      this.ticking = false
    }
  }

  private async tryToRun(): Promise<void> {
    if (this.lock || this.closed) return
    const got = await acquireRunnerLock(this.opts.home, () => void this.stepDown())
    if ('heldBy' in got) {
      this.heldBy = got.heldBy
      return
    }
    this.lock = got.lock
    this.heldBy = undefined
    // The records are the previous runner's, as it left them: read them again, then continue what it was running.
    await this.followDisk()
    for (const job of this.list()) if (isRunState(job.state)) await this.move(job, 'interrupt')
    this.emit('role', 'runner')
    this.pump()
  }

  /** Another process took the queue over: stop running it (each job stays resumable) and follow. */
  private async stepDown(): Promise<void> {
    this.lock = undefined
    this.checking.abortAll()
    for (const [id, slot] of this.runs) this.stopRun(id, slot, 'interrupt', true)
    this.emit('role', 'follower')
  }

  /** Following: the records as the runner wrote them, each change told once. */
  private async followDisk(): Promise<void> {
    const { jobs } = await this.store.all()
    const seen = new Set<string>()
    for (const job of jobs) {
      seen.add(job.id)
      const mine = this.jobs.get(job.id)
      if (mine && mine.updatedAt === job.updatedAt && mine.bytesSent === job.bytesSent) continue
      this.jobs.set(job.id, job)
      this.emit('job', job)
    }
    for (const id of [...this.jobs.keys()]) if (!seen.has(id)) this.drop(id)
  }

  /** Running: jobs other processes added meanwhile. */
  private async adoptNew(): Promise<void> {
    for (const id of await this.store.ids()) {
      if (this.jobs.has(id)) continue
      const job = await this.store.load(id)
      if (!job) continue
      this.jobs.set(job.id, job)
      this.emit('job', job)
    }
  }

  private async probe(): Promise<void> {
    if (!this.monitor) return
    const wanting = this.list().filter((j) => this.runs.has(j.id) || can(j.state, 'launch'))
    const recovered = await this.monitor.check(wanting.map((j) => j.account))
    for (const job of wanting) {
      if (!recovered.has(job.account.id)) continue
      const slot = this.runs.get(job.id)
      // Sitting out a retry wait while its host was down: go on now rather than at the end of the wait.
      if (slot && !slot.stop && (job.state === 'retrying' || job.state === 'waiting-for-network')) this.stopRun(job.id, slot, 'interrupt')
      else if (!slot && job.state === 'waiting-for-network') await this.move(job, 'hostUp')
    }
  }

  // ---- commands -------------------------------------------------------------------------------------------------------------

  /** Adds a file in the "checking" state; the check and, after it, the upload follow by themselves. */
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
      autoPurpose: input.purpose === undefined ? true : undefined,
      partSize: input.partSize,
      concurrency: input.concurrency ?? 3,
      expiresAfterSeconds: input.expiresAfterSeconds,
      uploadAnyway: input.uploadAnyway
    })
    this.jobs.set(job.id, job)
    await this.save(job)
    this.emit('job', job)
    this.pump()
    return job
  }

  /** Carried out here when this process runs the queue, else sent to the one that does. */
  async command(c: Command): Promise<void> {
    if (this.lock) await applyCommand(this, c)
    else await this.inbox.send(c)
  }

  /** Settings changed (more uploads at once, auto-start on): act on them now. */
  poke(): void {
    this.pump()
  }

  forgetEndpoint(accountId: string): void {
    this.monitor?.forget(accountId)
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

  /** The full report again with every finding listed (the stored one is capped per code). */
  async fullReport(id: string): Promise<ValidationReport | undefined> {
    const job = this.need(id)
    const adapter = await this.opts.limitsFor(job.account)
    return (await checkJob({ ...job, autoPurpose: false }, adapter, (p, o) => this.opts.check(p, { ...o, all: true }))).report ?? undefined
  }

  // ---- moving jobs (used by commands.ts) --------------------------------------------------------------------------------------

  /** Moves a job by the table; false (and nothing changes) when the table does not allow it. */
  async move(job: JobRecord, event: JobEvent, patch?: (job: JobRecord) => void): Promise<boolean> {
    const to = next(job.state, event)
    if (!to) return false
    job.state = to
    if (!WITH_ERROR.has(event)) delete job.error
    patch?.(job)
    if (to !== 'retrying') delete this.runtime(job.id).retryUntil
    if (!PASSING.has(event)) await this.save(job)
    this.emit('job', job)
    if (!PASSING.has(event)) setImmediate(() => this.pump())
    return true
  }

  /** Asks a run to stop; `now` cuts requests at once (cancel and remove always do). */
  stopRun(id: string, slot: Slot, reason: StopReason, now = false): void {
    slot.stop = reason
    slot.run?.stop(reason, now)
  }

  /** Removes a job and what Ferry keeps for it. */
  async forget(id: string): Promise<void> {
    this.checking.abort(id)
    await this.saves.get(id)
    await this.store.remove(id)
    await this.checks.remove(id)
    this.drop(id)
  }

  private drop(id: string): void {
    if (!this.jobs.delete(id)) return
    this.runtimes.delete(id)
    this.emit('removed', id)
  }

  /** One write at a time per job, each of its latest state: a slower earlier write can never land over a later one. */
  save(job: JobRecord): Promise<void> {
    const done = (this.saves.get(job.id) ?? Promise.resolve()).then(() => this.store.save(job))
    const tail = done.catch(() => undefined)
    this.saves.set(job.id, tail)
    void tail.then(() => this.saves.get(job.id) === tail && this.saves.delete(job.id))
    return done
  }

  // ---- running ----------------------------------------------------------------------------------------------------------------

  private pump(): void {
    if (!this.lock || this.closed || this.opts.passive) return
    for (const job of this.list()) {
      if (job.state === 'validating') this.checking.want(job.id)
      else if (job.state === 'ready' && (this.opts.autoStart() || job.uploadAnyway)) void this.move(job, 'approve')
    }
    const limit = Math.max(1, this.opts.concurrency())
    for (const job of this.list()) {
      if (this.runs.size >= limit) break
      if (this.runs.has(job.id) || this.checking.has(job.id) || !can(job.state, 'launch')) continue
      // The gate: a file never checked, or changed since, is checked (again) before a byte is sent.
      if (!checkAllows(job)) void this.move(job, 'check')
      else if (this.monitor?.isDown(job.account)) {
        if (job.state === 'queued') void this.move(job, 'hostDown')
      } else this.launch(job)
    }
  }

  private launch(job: JobRecord): void {
    const slot: Slot = {}
    this.runs.set(job.id, slot)
    void this.runJob(job, slot)
      .catch((err: unknown) => this.settle(job, slot, { kind: 'failed', error: asFerryError(err).toInfo() }))
      .catch(() => undefined)
      .finally(() => {
        this.runs.delete(job.id)
        this.pump()
      })
  }

  private async runJob(job: JobRecord, slot: Slot): Promise<void> {
    const rt = this.runtime(job.id)
    delete rt.resumedFrom
    // Changed since its check and not begun: check the file as it is now (perhaps it was fixed) instead of refusing it.
    const st = await stat(job.file.path).catch(() => null)
    const begun = job.bytesSent > 0 || Object.keys(job.checkpoint).length > 0
    if (st && !begun && (st.size !== job.file.size || st.mtimeMs !== job.file.mtimeMs)) {
      await this.move(job, 'check')
      return
    }
    await this.move(job, 'launch')
    const resolved = await this.opts.resolve(job.account).catch((err: unknown) => ({ keyNeeded: asFerryError(err).toInfo() }))
    if ('keyNeeded' in resolved) {
      await this.move(job, 'keyMissing', (j) => (j.error = resolved.keyNeeded))
      return
    }
    if (slot.stop) return this.settle(job, slot, { kind: 'stopped', reason: slot.stop })
    const run = execute(job, resolved.adapter, this.executorPort, {
      phase: (phase) => {
        // The executor has read what the provider already has: shown as "Resumed — …" from the run's first word on.
        rt.resumedFrom ??= job.restarted ? 0 : job.bytesSent
        void this.move(job, phase === 'finishing' ? 'finishing' : 'transfer')
      },
      progress: (p) => {
        if ((job.state === 'retrying' || job.state === 'waiting-for-network') && Date.now() >= (rt.retryUntil ?? 0)) void this.move(job, 'transfer')
        this.emit('progress', { jobId: job.id, ...p })
      },
      retry: (notice) => this.onRetry(job, notice),
      renewed: () => this.emit('job', job)
    }, this.throttle)
    slot.run = run
    if (slot.stop) run.stop(slot.stop)
    await this.settle(job, slot, await run.outcome)
  }

  private readonly executorPort = {
    saveCheckpoint: (job: JobRecord) => this.save(job),
    readParts: (id: string) => this.store.readParts(id),
    appendPart: (id: string, part: Parameters<JobStore['appendPart']>[1]) => this.store.appendPart(id, part)
  }

  private onRetry(job: JobRecord, notice: RetryNotice): void {
    const offline = notice.error.code === 'network' || notice.error.code === 'timeout'
    this.runtime(job.id).retryUntil = Date.now() + notice.delayMs
    void this.move(job, offline ? 'networkWait' : 'retryWait')
    this.emit('retry', { jobId: job.id, attempt: notice.attempt, delayMs: notice.delayMs, error: notice.error.toInfo() })
    if (offline) void this.probe()
  }

  /** A run ended: what it means for the job, by the table. What was asked of it meanwhile decides over how it stopped. */
  private async settle(job: JobRecord, slot: Slot, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'completed') {
      await this.move(job, 'complete', (j) => (j.remote = outcome.remote))
      await this.store.clearParts(job.id)
      return
    }
    if (outcome.kind === 'failed') {
      await this.move(job, 'fail', (j) => (j.error = outcome.error))
      return
    }
    const reason = slot.stop ?? outcome.reason
    if (reason === 'remove') return this.forget(job.id)
    if (reason === 'cancel') {
      await this.store.clearParts(job.id)
      await this.move(job, 'cancel', (j) => {
        j.checkpoint = {}
        j.bytesSent = 0
      })
      return
    }
    await this.move(job, reason === 'pause' ? 'pause' : 'interrupt')
  }

  // ---- checking -----------------------------------------------------------------------------------------------------------------

  private async runCheck(id: string, signal: AbortSignal): Promise<void> {
    const job = this.jobs.get(id)
    if (!job || job.state !== 'validating') return
    const rt = this.runtime(id)
    rt.checkProgress = 0
    let adapter: ProviderAdapter
    try {
      adapter = await this.opts.limitsFor(job.account)
    } catch (err) {
      await this.move(job, 'fail', (j) => (j.error = asFerryError(err).toInfo()))
      return
    }
    const result = await checkJob(job, adapter, this.opts.check, { signal, onProgress: (read, total) => this.checkProgress(job, read, total) })
    delete rt.checkProgress
    if (signal.aborted || this.jobs.get(id) !== job || job.state !== 'validating') return
    if (result.file.size !== job.file.size || result.file.mtimeMs !== job.file.mtimeMs) {
      // The file changed since it was added (perhaps fixed): what was sent of the old one is of no use.
      job.file = { ...job.file, ...result.file }
      job.checkpoint = {}
      job.bytesSent = 0
      await this.store.clearParts(id)
    }
    job.purpose = result.purpose
    delete job.autoPurpose
    if (this.opts.expiryFor) {
      const expiry = this.opts.expiryFor(job.purpose)
      if (expiry !== undefined) job.expiresAfterSeconds = expiry
      else delete job.expiresAfterSeconds
    }
    job.check = result.verdict
    await this.checks.saveReport(id, result.report)
    await this.move(job, verdictEvent(result.verdict), (j) => result.error && (j.error = result.error))
    // A standing "upload anyway" (the CLI's own, or --force) applies at once.
    const state = job.state as JobState
    if (checkAllows(job) && state !== 'ready' && can(state, 'approve')) await this.move(job, 'approve')
  }

  private checkProgress(job: JobRecord, read: number, total: number): void {
    this.runtime(job.id).checkProgress = total > 0 ? Math.min(100, Math.floor((read / total) * 100)) : 0
    const now = Date.now()
    // A whole file's reading is a handful of figures worth showing, not an event per buffer.
    if (now - (this.checkEmitAt.get(job.id) ?? 0) < 250) return
    this.checkEmitAt.set(job.id, now)
    this.emit('job', job)
  }
}
