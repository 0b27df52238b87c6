// The one queue of a FERRY_HOME, for every host (the app, the browser host, the CLI). It owns the job records (one copy in
// memory, saved on each change), moves them only through the lifecycle table, and — in the one process that holds the runner
// lock — checks files, runs uploads through the executor and carries out the other processes' commands. A process that finds
// a live runner follows it (reads the records it writes, sends commands through the inbox) and takes over when it goes quiet.
import { EventEmitter } from 'node:events'
import { can, isRunState, next, type JobEvent } from '../../shared/lifecycle'
import type { ValidationReport } from '../../shared/validation'
import { FerryError } from '../errors'
import { Throttle } from '../transfer/throttle'
import { CheckPool } from './check-pool'
import { CheckStore } from './check-store'
import { checkJob, checkQueued } from './checks'
import { applyCommand } from './commands'
import { ConnectivityMonitor, type Connectivity } from './connectivity'
import type { StopReason } from './executor'
import { checkAllows } from './gate'
import { Inbox, type Command } from './inbox'
import { acquireRunnerLock, type LockOwner, type RunnerLock } from './lock'
import { jobForFile, type JobRecord } from './record'
import { launch, type Slot } from './runs'
import { JobStore, type QuarantinedFile } from './store'
import type { AddInput, JobRuntime, QueueEvents, QueueOptions } from './queue-types'

export type { AddInput, AdapterResolution, JobRuntime, ProgressEvent, QueueEvents, QueueOptions, RetryEvent } from './queue-types'

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
  private ordered: readonly JobRecord[] | null = null
  private readonly runtimes = new Map<string, JobRuntime>()
  readonly runs = new Map<string, Slot>()
  readonly checking: CheckPool
  private readonly saves = new Map<string, Promise<void>>()
  private readonly monitor?: ConnectivityMonitor
  /** The speed limit all uploads share, if any. */
  bandwidth?: Throttle
  private lock?: RunnerLock
  private timer?: NodeJS.Timeout
  private pumpTimer?: NodeJS.Timeout
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
    // Twice the validator's threads, so that while one check's record and report are written another can use its thread.
    this.checking = new CheckPool(opts.checkConcurrency ?? 4, (id, signal) => checkQueued(this, id, signal), () => this.pumpSoon())
    if (opts.bandwidthLimit) this.bandwidth = new Throttle(opts.bandwidthLimit)
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

  /** The jobs, oldest first; kept until a job is added, replaced or dropped, as every pump asks for it. */
  list(): readonly JobRecord[] {
    return (this.ordered ??= [...this.jobs.values()].sort((a, b) => a.createdAt - b.createdAt))
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
    for (const job of jobs) this.setJob(job)
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
      this.setJob(job)
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
      this.setJob(job)
      this.emit('job', job)
    }
  }

  /** A run lost its connection: look at once whether its host answers, rather than at the next tick. */
  probeSoon(): void {
    void this.probe()
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
    const job = await jobForFile(input)
    this.setJob(job)
    await this.save(job)
    this.emit('job', job)
    // A new job needs only its check (what a pump would start): a pump per file when thousands are added is quadratic.
    if (this.lock && !this.closed && !this.opts.passive) this.checking.want(job.id)
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
    if (bytesPerSecond && this.bandwidth) this.bandwidth.setRate(bytesPerSecond)
    else if (bytesPerSecond) this.bandwidth = new Throttle(bytesPerSecond)
    else {
      this.bandwidth?.setRate(Infinity)
      this.bandwidth = undefined
    }
  }

  /** The full report again with every finding listed (the stored one is capped per code). */
  async fullReport(id: string): Promise<ValidationReport | undefined> {
    const job = this.need(id)
    return (await checkJob({ ...job, autoPurpose: false }, await this.opts.limitsFor(job.account), (p, o) => this.opts.check(p, { ...o, all: true }))).report ?? undefined
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

  private setJob(job: JobRecord): void {
    this.jobs.set(job.id, job)
    this.ordered = null
  }

  private drop(id: string): void {
    if (!this.jobs.delete(id)) return
    this.ordered = null
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

  /** One pump for the checks that end close together: small files end hundreds a second, and a pump reads every job. */
  private pumpSoon(): void {
    this.pumpTimer ??= setTimeout(() => {
      this.pumpTimer = undefined
      this.pump()
    }, 20).unref()
  }

  private pump(): void {
    if (!this.lock || this.closed || this.opts.passive) return
    // Asked once a pump, not once a job: a host's settings may be read from disk.
    const autoStart = this.opts.autoStart()
    for (const job of this.list()) {
      if (job.state === 'validating') this.checking.want(job.id)
      else if (job.state === 'ready' && (autoStart || job.uploadAnyway)) void this.move(job, 'approve')
    }
    const limit = Math.max(1, this.opts.concurrency())
    for (const job of this.list()) {
      if (this.runs.size >= limit) break
      if (!can(job.state, 'launch') || this.runs.has(job.id) || this.checking.has(job.id)) continue
      // The gate: a file never checked, or changed since, is checked (again) before a byte is sent.
      if (!checkAllows(job)) void this.move(job, 'check')
      else if (this.monitor?.isDown(job.account)) {
        if (job.state === 'queued') void this.move(job, 'hostDown')
      } else launch(this, job)
    }
  }
}
