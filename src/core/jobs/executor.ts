// Runs one job's upload through its provider's flow and says how it ended. It loads and saves nothing itself: what must
// outlive the process (the checkpoint, accepted parts) goes through the port the queue gives it, and the queue decides what
// the outcome means for the job's state (shared/lifecycle.ts).
import { stat } from 'node:fs/promises'
import type { ErrorInfo } from '../../shared/errors'
import { asFerryError, FerryError } from '../errors'
import type { RetryNotice } from '../http/with-retry'
import type { FlowContext, ProviderAdapter, RemoteFile, UploadPhase, UploadSpec } from '../providers/types'
import { ProgressMeter, type ProgressSnapshot } from '../transfer/progress'
import type { Throttle } from '../transfer/throttle'
import type { Checkpoint, PartRecord } from '../providers/checkpoint'
import type { JobRecord } from './record'

export type StopReason = 'pause' | 'cancel' | 'interrupt' | 'remove'

/** The reason a run was stopped, carried as the abort reason through the flow. */
export class Stop extends Error {
  constructor(readonly reason: StopReason) {
    super(`stopped: ${reason}`)
    this.name = 'AbortError'
  }
}

export type Outcome =
  | { kind: 'completed'; remote: RemoteFile }
  | { kind: 'stopped'; reason: StopReason }
  | { kind: 'failed'; error: ErrorInfo }

/** What the executor may do with the job's durable state: only the queue writes records. */
export interface ExecutorPort {
  saveCheckpoint(job: JobRecord): Promise<void>
  readParts(jobId: string): Promise<PartRecord[]>
  appendPart(jobId: string, part: PartRecord): Promise<void>
}

export interface RunObserver {
  phase(phase: UploadPhase): void
  progress(p: ProgressSnapshot): void
  retry(notice: RetryNotice): void
  renewed(what: 'session_expired' | 'link_expired'): void
}

/** A run under way: stop it softly (pause, quit: what ends within seconds may finish) or at once (cancel, remove). */
export interface Run {
  outcome: Promise<Outcome>
  /** `now`: cut every request at once, even for a pause or a quit. */
  stop(reason: StopReason, now?: boolean): void
}

/** Starts one job's upload. The job's `checkpoint` and `bytesSent` are updated in place as the provider confirms bytes. */
export function execute(job: JobRecord, adapter: ProviderAdapter, port: ExecutorPort, observe: RunObserver, throttle?: Throttle): Run {
  const hard = new AbortController()
  const soft = new AbortController()
  const stop = (reason: StopReason, now = false): void => {
    const s = new Stop(reason)
    if (now || reason === 'cancel' || reason === 'remove') hard.abort(s)
    else soft.abort(s)
  }
  const outcome = run(job, adapter, port, observe, hard.signal, soft.signal, throttle).catch((err: unknown) => {
    // Whatever happened, the one job fails with a plain message; the process goes on.
    const reason = stopReasonOf(hard.signal) ?? stopReasonOf(soft.signal)
    return reason ? { kind: 'stopped' as const, reason } : { kind: 'failed' as const, error: asFerryError(err).toInfo() }
  })
  return { outcome, stop }
}

async function run(
  job: JobRecord,
  adapter: ProviderAdapter,
  port: ExecutorPort,
  observe: RunObserver,
  signal: AbortSignal,
  stopping: AbortSignal,
  throttle?: Throttle
): Promise<Outcome> {
  const parts = await port.readParts(job.id)
  const confirmed = (): number => {
    const session = job.checkpoint.upload
    return session ? parts.filter((p) => p.uploadId === session.id).reduce((n, p) => n + p.length, 0) : 0
  }
  // What the provider already has, from the parts log: after a kill -9 the record's own count may be stale.
  job.bytesSent = confirmed()
  const meter = new ProgressMeter(job.file.size, job.bytesSent)
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
    signal,
    stopping,
    checkpoint: () => job.checkpoint,
    saveCheckpoint: async (patch: Partial<Checkpoint>) => {
      job.checkpoint = { ...job.checkpoint, ...patch }
      for (const k of Object.keys(patch) as (keyof Checkpoint)[]) if (patch[k] === undefined) delete job.checkpoint[k]
      await port.saveCheckpoint(job)
    },
    parts: (uploadId) => parts.filter((p) => p.uploadId === uploadId),
    addPart: async (part) => {
      await port.appendPart(job.id, part)
      parts.push(part)
    },
    progress: (sent) => {
      meter.update(sent)
      observe.progress(meter.snapshot())
    },
    phase: (phase) => observe.phase(phase),
    onRetry: (notice) => observe.retry(notice),
    renewed: (what) => {
      job.renewal = what
      observe.renewed(what)
    },
    assertSourceUnchanged: () => assertSourceUnchanged(job),
    ...(throttle ? { throttle } : {})
  }

  try {
    await ctx.assertSourceUnchanged()
    // Flows that cannot continue a broken upload start the file again; say so rather than pretend.
    if (job.bytesSent > 0 && !adapter.resumable(spec)) job.restarted = true
    const remote = await adapter.upload(ctx)
    job.bytesSent = job.file.size
    meter.update(job.file.size)
    observe.progress(meter.snapshot())
    return { kind: 'completed', remote }
  } catch (err) {
    // What counts now is what the provider confirmed, never bytes that were only in flight.
    job.bytesSent = confirmed()
    const reason = stopReasonOf(signal) ?? stopReasonOf(stopping)
    if (reason === 'cancel' || reason === 'remove') await adapter.discard(ctx).catch(() => undefined)
    if (reason) return { kind: 'stopped', reason }
    return { kind: 'failed', error: asFerryError(err).toInfo() }
  }
}

function stopReasonOf(signal: AbortSignal): StopReason | undefined {
  return signal.aborted && signal.reason instanceof Stop ? signal.reason.reason : undefined
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
