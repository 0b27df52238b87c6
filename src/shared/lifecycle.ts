// The job lifecycle, decided once: every state, what kind of state it is, and which event moves it where. The queue (core),
// the hosts and the renderer ask this table (`next`, `can`, `isFinished`…) instead of keeping their own lists of state names.
import type { JobState } from './jobs'

export type JobEvent =
  /** Check the file's content as it is now: just added, "Check again", purpose changed, or never checked. */
  | 'check'
  | 'checkPassed'
  | 'checkWarned'
  | 'checkFailed'
  /** "Start" (auto-start off), "Upload anyway", or a standing approval given when the job was added (CLI). */
  | 'approve'
  /** The queue hands the job to the executor; only when the check allows the file as it is now (core/jobs/gate.ts). */
  | 'launch'
  /** Every byte is sent; the provider is putting the file together. */
  | 'finishing'
  /** Bytes flow again after a wait. */
  | 'transfer'
  /** A running upload waits before trying again: the provider was busy, or the network is gone. */
  | 'retryWait'
  | 'networkWait'
  /** Not running: the provider's host does not answer / answers again. */
  | 'hostDown'
  | 'hostUp'
  | 'complete'
  | 'fail'
  | 'keyMissing'
  | 'pause'
  | 'resume'
  | 'cancel'
  /** Failed, cancelled, waiting for a key or paused: queue it again. */
  | 'retry'
  /** The run stopped without a decision (quit, Ctrl-C, crash, a lost runner): it continues from its checkpoint. */
  | 'interrupt'

/**
 * - `active`: moves on by itself (the queue works on it); `user`: waits for the person; `finished`: the end.
 * - `running` states belong to a run of the executor while one is under way.
 */
type Kind = 'active' | 'running' | 'user' | 'finished'

const RUN_EVENTS = {
  finishing: 'finishing',
  transfer: 'uploading',
  retryWait: 'retrying',
  networkWait: 'waiting-for-network',
  complete: 'completed',
  fail: 'failed',
  keyMissing: 'key-needed',
  pause: 'paused',
  cancel: 'cancelled',
  interrupt: 'queued'
} as const satisfies Partial<Record<JobEvent, JobState>>

const TABLE: Record<JobState, { kind: Kind; on: Partial<Record<JobEvent, JobState>> }> = {
  queued: {
    kind: 'active',
    on: { check: 'validating', launch: 'uploading', hostDown: 'waiting-for-network', keyMissing: 'key-needed', fail: 'failed', pause: 'paused', cancel: 'cancelled' }
  },
  validating: {
    kind: 'active',
    on: { check: 'validating', checkPassed: 'ready', checkWarned: 'has-warnings', checkFailed: 'needs-fixing', fail: 'failed', cancel: 'cancelled' }
  },
  'needs-fixing': { kind: 'user', on: { check: 'validating', approve: 'queued', cancel: 'cancelled' } },
  'has-warnings': { kind: 'user', on: { check: 'validating', approve: 'queued', pause: 'paused', cancel: 'cancelled' } },
  ready: { kind: 'user', on: { check: 'validating', approve: 'queued', pause: 'paused', cancel: 'cancelled' } },
  uploading: { kind: 'running', on: { ...RUN_EVENTS } },
  // Every byte is sent: nothing to pause; the provider's answer comes in moments.
  finishing: { kind: 'running', on: { ...RUN_EVENTS, pause: undefined } },
  // "Retry now": the wait is cut short and the job goes again at once.
  retrying: { kind: 'running', on: { ...RUN_EVENTS, retry: 'queued' } },
  // Also where a job waits, not running, while its provider's host does not answer.
  'waiting-for-network': { kind: 'running', on: { ...RUN_EVENTS, launch: 'uploading', hostUp: 'queued', retry: 'queued' } },
  paused: { kind: 'user', on: { resume: 'queued', retry: 'queued', check: 'validating', cancel: 'cancelled' } },
  'key-needed': { kind: 'user', on: { retry: 'queued', keyMissing: 'key-needed', pause: 'paused', cancel: 'cancelled' } },
  completed: { kind: 'finished', on: {} },
  failed: { kind: 'finished', on: { retry: 'queued', check: 'validating' } },
  cancelled: { kind: 'finished', on: { retry: 'queued', check: 'validating' } }
}

/** The state `event` moves a job in `state` to, or undefined when the table does not allow it. */
export function next(state: JobState, event: JobEvent): JobState | undefined {
  return TABLE[state].on[event]
}

/** Whether `event` may happen to a job in `state`: the question every button and command asks. */
export function can(state: JobState, event: JobEvent): boolean {
  return next(state, event) !== undefined
}

export const isFinished = (s: JobState): boolean => TABLE[s].kind === 'finished'
/** A run of the executor may own a job in this state (and a crash may have left it there). */
export const isRunState = (s: JobState): boolean => TABLE[s].kind === 'running'
/** Waits for the person: fixing, approving, resuming, a key. */
export const waitsForUser = (s: JobState): boolean => TABLE[s].kind === 'user'
/** The queue will move it on without anyone's help ("ready" too, when uploads start by themselves). */
export const movesOnItsOwn = (s: JobState, autoStart: boolean): boolean =>
  TABLE[s].kind === 'active' || TABLE[s].kind === 'running' || (s === 'ready' && autoStart)
