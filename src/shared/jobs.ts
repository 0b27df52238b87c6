// Job states and the job record shared by the engine, the CLI and the UI: the one state enum.
import type { ErrorInfo } from './errors'

export const JOB_STATES = [
  'queued',
  'validating',
  /** The content check found errors: nothing is sent until the file is fixed and checked again. */
  'needs-fixing',
  /** The content check found only warnings: waits for "Upload anyway". */
  'has-warnings',
  'ready',
  'uploading',
  'finishing',
  'paused',
  'waiting-for-network',
  'retrying',
  'key-needed',
  'completed',
  'failed',
  'cancelled'
] as const
export type JobState = (typeof JOB_STATES)[number]

export type { ErrorInfo }

/** The buttons a job row can offer (UI.md §2); §6 messages name the one that fixes them. */
export type JobAction =
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'retry'
  | 'retryNow'
  | 'remove'
  | 'uploadAnyway'
  | 'review'
  | 'showProblems'
  | 'checkAgain'
  | 'start'
  | 'copyId'
  | 'showInFiles'
  | 'uploadAgain'
  | 'fixKey'
  | 'startOver'
