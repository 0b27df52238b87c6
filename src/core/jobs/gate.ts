// The content check as a gate: a job is uploaded only when the check passed for the file as it is now (its size and mtime),
// or the person chose to upload anyway. Asked by the queue before every launch, whichever process runs it.
import type { JobEvent } from '../../shared/lifecycle'
import type { CheckVerdict, JobRecord } from './record'

/** True when the file as queued may be sent: checked at this size and mtime, and passed or overridden. */
export function checkAllows(job: JobRecord): boolean {
  const c = job.check
  if (!c || c.size !== job.file.size || c.mtimeMs !== job.file.mtimeMs || c.refused) return false
  if (c.errors > 0 || !c.valid) return job.uploadAnyway === 'errors'
  return c.warnings === 0 || job.uploadAnyway !== undefined
}

/** The lifecycle event a finished check fires. */
export function verdictEvent(c: CheckVerdict): JobEvent {
  if (!c.valid || c.errors > 0 || c.refused) return 'checkFailed'
  return c.warnings > 0 ? 'checkWarned' : 'checkPassed'
}
