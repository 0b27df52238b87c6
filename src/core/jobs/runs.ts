// One upload run of the queue: hand the job to the executor, turn what it reports into lifecycle events, and end the run by
// the table — with what was asked of the run meanwhile (pause, cancel, remove) deciding over how it stopped.
import { stat } from 'node:fs/promises'
import { asFerryError } from '../errors'
import type { RetryNotice } from '../http/with-retry'
import { execute, type ExecutorPort, type Outcome, type Run, type StopReason } from './executor'
import type { Queue } from './queue'
import type { JobRecord } from './record'

/** A run under way: its executor, and what was asked of it while it went on. */
export interface Slot {
  stop?: StopReason
  run?: Run
}

/** Starts the job's run in a slot of its own; the slot frees (and the queue moves on) when the run has ended. */
export function launch(q: Queue, job: JobRecord): void {
  const slot: Slot = {}
  q.runs.set(job.id, slot)
  void runJob(q, job, slot)
    .catch((err: unknown) => settle(q, job, slot, { kind: 'failed', error: asFerryError(err).toInfo() }))
    .catch(() => undefined)
    .finally(() => {
      q.runs.delete(job.id)
      q.poke()
    })
}

async function runJob(q: Queue, job: JobRecord, slot: Slot): Promise<void> {
  const rt = q.runtime(job.id)
  delete rt.resumedFrom
  // Changed since its check and not begun: check the file as it is now (perhaps it was fixed) instead of refusing it.
  const st = await stat(job.file.path).catch(() => null)
  const begun = job.bytesSent > 0 || Object.keys(job.checkpoint).length > 0
  if (st && !begun && (st.size !== job.file.size || st.mtimeMs !== job.file.mtimeMs)) {
    await q.move(job, 'check')
    return
  }
  await q.move(job, 'launch')
  const resolved = await q.opts.resolve(job.account).catch((err: unknown) => ({ keyNeeded: asFerryError(err).toInfo() }))
  if ('keyNeeded' in resolved) {
    await q.move(job, 'keyMissing', (j) => (j.error = resolved.keyNeeded))
    return
  }
  if (slot.stop) return settle(q, job, slot, { kind: 'stopped', reason: slot.stop })
  const port: ExecutorPort = {
    saveCheckpoint: (j) => q.save(j),
    readParts: (id) => q.store.readParts(id),
    appendPart: (id, part) => q.store.appendPart(id, part)
  }
  const run = execute(
    job,
    resolved.adapter,
    port,
    {
      phase: (phase) => {
        // The executor has read what the provider already has: shown as "Resumed — …" from the run's first word on.
        rt.resumedFrom ??= job.restarted ? 0 : job.bytesSent
        void q.move(job, phase === 'finishing' ? 'finishing' : 'transfer')
      },
      progress: (p) => {
        if ((job.state === 'retrying' || job.state === 'waiting-for-network') && Date.now() >= (rt.retryUntil ?? 0)) void q.move(job, 'transfer')
        q.emit('progress', { jobId: job.id, ...p })
      },
      retry: (notice) => onRetry(q, job, notice),
      renewed: (what) => {
        q.emit('job', job)
        q.emit('renewed', { jobId: job.id, what })
      }
    },
    q.bandwidth
  )
  slot.run = run
  if (slot.stop) run.stop(slot.stop)
  await settle(q, job, slot, await run.outcome)
}

function onRetry(q: Queue, job: JobRecord, notice: RetryNotice): void {
  const offline = notice.error.code === 'network' || notice.error.code === 'timeout'
  q.runtime(job.id).retryUntil = Date.now() + notice.delayMs
  void q.move(job, offline ? 'networkWait' : 'retryWait')
  q.emit('retry', { jobId: job.id, attempt: notice.attempt, delayMs: notice.delayMs, error: notice.error.toInfo() })
  if (offline) q.probeSoon()
}

/** A run ended: what it means for the job, by the table. */
async function settle(q: Queue, job: JobRecord, slot: Slot, outcome: Outcome): Promise<void> {
  if (outcome.kind === 'completed') {
    await q.move(job, 'complete', (j) => (j.remote = outcome.remote))
    await q.store.clearParts(job.id)
    return
  }
  if (outcome.kind === 'failed') {
    await q.move(job, 'fail', (j) => (j.error = outcome.error))
    return
  }
  const reason = slot.stop ?? outcome.reason
  if (reason === 'remove') return q.forget(job.id)
  if (reason === 'cancel') {
    await q.store.clearParts(job.id)
    await q.move(job, 'cancel', (j) => {
      j.checkpoint = {}
      j.bytesSent = 0
    })
    return
  }
  await q.move(job, reason === 'pause' ? 'pause' : 'interrupt')
}
