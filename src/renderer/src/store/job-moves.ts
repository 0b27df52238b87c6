// What a job may do next, as its row, the keys and the selection bar offer it: whether a move may happen is the lifecycle
// table's answer (shared/lifecycle.ts); only the words and each state's lead buttons are chosen here (UI.md §2).
import type { JobView } from '../../../shared/api'
import type { JobAction, JobState } from '../../../shared/jobs'
import { can, isRunState, movesOnItsOwn, type JobEvent } from '../../../shared/lifecycle'

/** The upload is under way: a run owns the job, or it is held part-way and can go on. Its row shows the bar. */
export const underWay = (s: JobState): boolean => isRunState(s) || can(s, 'resume')

/** The provider is assembling the file: the table lets a run stop there, but the person can't (UI.md §2 "can't stop now"). */
const stoppable = (s: JobState): boolean => s !== 'finishing'

/** Pause where it changes something: the job would otherwise move on by itself. */
const offersPause = (s: JobState, autoStart: boolean): boolean => can(s, 'pause') && stoppable(s) && movesOnItsOwn(s, autoStart)
const offersResume = (s: JobState): boolean => can(s, 'resume')
/** Retry, where Resume does not already say the same ("queue it again"). */
const offersRetry = (s: JobState): boolean => can(s, 'retry') && !offersResume(s)
/** Cancel stops an upload under way; a job with nothing under way is removed instead. */
const offersCancel = (s: JobState): boolean => can(s, 'cancel') && stoppable(s) && underWay(s)
/** A job a run owns must be paused or cancelled before it can go. */
export const offersRemove = (s: JobState): boolean => !isRunState(s)

/** The table's event behind a lead button; the others (show, review, copy, fix key) move nothing. */
const LEAD_EVENT: Partial<Record<JobAction, JobEvent>> = { uploadAnyway: 'approve', start: 'approve', checkAgain: 'check', startOver: 'check' }

/** The buttons a state puts first (UI.md §2): a presentation choice, each still subject to the table. */
function lead(job: JobView, autoStart: boolean): JobAction[] {
  const code = job.error?.code
  switch (job.state) {
    case 'needs-fixing':
      return ['showProblems', 'checkAgain']
    case 'has-warnings':
      return ['review', 'uploadAnyway']
    case 'ready':
      return autoStart ? [] : ['start']
    case 'key-needed':
      return ['fixKey']
    case 'completed':
      return job.remoteId ? ['copyId', 'showInFiles'] : []
    case 'failed':
      return code === 'auth_failed' || code === 'key_needed' ? ['fixKey'] : code === 'source_changed' ? ['startOver'] : []
    default:
      return []
  }
}

/** What "Retry" is called: a cancelled upload starts again, a waiting one goes now. */
function retryWord(s: JobState): JobAction {
  if (s === 'cancelled') return 'uploadAgain'
  return isRunState(s) ? 'retryNow' : 'retry'
}

/** The buttons a row offers, in order; `autoStart` hides Start and lets Pause hold a ready job. */
export function jobActions(job: JobView, autoStart: boolean): JobAction[] {
  const s = job.state
  const out = lead(job, autoStart).filter((a) => {
    const event = LEAD_EVENT[a]
    return event === undefined || can(s, event)
  })
  if (offersRetry(s)) out.push(retryWord(s))
  if (offersPause(s, autoStart)) out.push('pause')
  if (offersResume(s)) out.push('resume')
  // One way out per row: Cancel while an upload is under way, Remove otherwise.
  if (offersCancel(s)) out.push('cancel')
  else if (offersRemove(s)) out.push('remove')
  return out
}

/** "Upload anyway": the approval a file with warnings only waits for. */
export const offersUploadAnyway = (job: JobView): boolean => lead(job, true).includes('uploadAnyway') && can(job.state, 'approve')

/** Actions the selection bar offers: those at least one selected job can take. */
export const SELECTION_ACTIONS = ['pause', 'resume', 'retry', 'uploadAnyway', 'remove'] as const
export type SelectionAction = (typeof SELECTION_ACTIONS)[number]

export function selectionTargets(jobs: readonly JobView[], action: SelectionAction, autoStart: boolean): string[] {
  const takes: Record<SelectionAction, (j: JobView) => boolean> = {
    pause: (j) => offersPause(j.state, autoStart),
    resume: (j) => offersResume(j.state),
    retry: (j) => offersRetry(j.state),
    uploadAnyway: offersUploadAnyway,
    remove: (j) => offersRemove(j.state)
  }
  return jobs.filter(takes[action]).map((j) => j.id)
}
