// What each command does to a job, in the process that runs the queue: ask the table whether it may happen, then move the job
// (or stop its run first). The same code serves a click in the app, `ferry queue …` and a command from another process.
import { can, isFinished } from '../../shared/lifecycle'
import { FerryError } from '../errors'
import { checkAllows } from './gate'
import type { Command } from './inbox'
import type { Queue } from './queue'
import type { JobRecord } from './record'

export async function applyCommand(q: Queue, c: Command): Promise<void> {
  switch (c.verb) {
    case 'clearFinished': {
      const before = Date.now() - (c.olderThanMs ?? 0)
      for (const job of q.list()) if (isFinished(job.state) && job.updatedAt <= before) await q.forget(job.id)
      return
    }
    case 'retryAccount':
      q.forgetEndpoint(c.accountId)
      for (const job of q.list()) {
        if (job.account.id !== c.accountId || q.runs.has(job.id)) continue
        if (job.state === 'key-needed' || (job.state === 'failed' && job.error?.code === 'auth_failed')) await retry(q, job)
      }
      return
  }
  const job = q.need(c.jobId)
  const slot = q.runs.get(job.id)
  switch (c.verb) {
    case 'pause':
      if (slot) q.stopRun(job.id, slot, 'pause')
      else await q.move(job, 'pause')
      return
    case 'resume':
      // Paused a moment ago and still finishing its last requests: carry on as soon as they end.
      if (slot?.stop === 'pause') slot.stop = 'interrupt'
      else await q.move(job, 'resume')
      return
    case 'cancel':
      if (slot) return q.stopRun(job.id, slot, 'cancel')
      if (!can(job.state, 'cancel')) return
      q.checking.abort(job.id)
      await q.store.clearParts(job.id)
      await q.move(job, 'cancel', (j) => {
        j.checkpoint = {}
        j.bytesSent = 0
      })
      return
    case 'remove':
      if (slot) return q.stopRun(job.id, slot, 'remove')
      return q.forget(job.id)
    case 'retry':
      // "Retry now" while a run waits to try again.
      if (slot) return job.state === 'retrying' || job.state === 'waiting-for-network' ? q.stopRun(job.id, slot, 'interrupt') : undefined
      return retry(q, job)
    case 'approve':
      if (job.state === 'needs-fixing' && job.uploadAnyway !== 'errors') return
      await q.move(job, 'approve', (j) => {
        if (j.state === 'queued' && j.check && j.check.warnings > 0 && !j.uploadAnyway) j.uploadAnyway = 'warnings'
      })
      return
    case 'recheck':
      notWhileSending(q, job, 'check it again')
      q.checking.abort(job.id)
      await q.move(job, 'check')
      return
    case 'setPurpose':
      notWhileSending(q, job, 'change its purpose')
      q.checking.abort(job.id)
      await q.move(job, 'check', (j) => {
        j.purpose = c.purpose
        delete j.autoPurpose
      })
      return
  }
}

/** Failed, cancelled, paused or waiting for a key: again, from its checkpoint; a cancelled one from the start. */
async function retry(q: Queue, job: JobRecord): Promise<void> {
  if (!can(job.state, 'retry')) return
  if (job.state === 'cancelled') {
    job.checkpoint = {}
    job.bytesSent = 0
    await q.store.clearParts(job.id)
  }
  // A file that failed its check (or changed since) is checked again rather than sent.
  if (!checkAllows(job) && can(job.state, 'check')) await q.move(job, 'check')
  else await q.move(job, 'retry')
}

function notWhileSending(q: Queue, job: JobRecord, what: string): void {
  const started = job.bytesSent > 0 || job.checkpoint.upload !== undefined || job.checkpoint.presigned !== undefined
  if (q.runs.has(job.id) || !can(job.state, 'check') || (started && !isFinished(job.state))) {
    throw new FerryError('job_busy', `Ferry can't ${what} while "${job.file.name}" is being uploaded.`, { hint: 'Pause or cancel the upload first.' })
  }
}
