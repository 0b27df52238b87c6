// The shape of the renderer's store: a projection of the engine's state (jobs, accounts, settings, connectivity) plus UI-only bits.
import { DEFAULT_SETTINGS, type AccountView, type JobView, type RemoteFileView, type Settings } from '../../../shared/api'
import type { ErrorInfo } from '../../../shared/errors'
import type { JobState } from '../../../shared/jobs'

/** The latest throttled progress of a running job. */
export interface ProgressInfo {
  sent: number
  total: number
  /** Bytes per second (the engine's moving average). */
  speed: number
  etaSeconds: number | null
  /** When this progress reached the store (ms). */
  at: number
  /** When the current run's first progress arrived (ms): the ETA is only shown 5 s after it. */
  since: number
  /** When `sent` last grew (ms): 20 s without growth reads as stalled. */
  movedAt: number
}

/** Times the renderer noted about a job (the engine does not send them). */
export interface JobTimes {
  /** When the job entered 'uploading' this session. */
  uploadStartedAt?: number
  /** When the job reached 'completed' this session. */
  completedAt?: number
  /** When the retry countdown reaches zero. */
  retryAt?: number
  /** When the job entered 'finishing'. */
  finishingSince?: number
  /** When the job was resumed with bytes already at the provider. */
  resumedAt?: number
}

export interface Announcement {
  seq: number
  jobId: string
  name: string
  state: JobState
}

export interface EngineState {
  /** The first snapshot arrived. */
  loaded: boolean
  jobs: Record<string, JobView>
  /** Job ids in queue order (oldest first). */
  order: string[]
  progress: Record<string, ProgressInfo>
  times: Record<string, JobTimes>
  accounts: AccountView[]
  activeAccountId: string | null
  settings: Settings
  online: boolean
  /** Hosts (provider names) that cannot be reached while the machine itself is online. */
  unreachable: string[]
  /** When the connection dropped (ms), for the 3 s banner delay. */
  offlineSince: number | null
  notices: ErrorInfo[]
  secureKeyStorage: boolean
  /** The desktop app: OS file dialogs and "Show in folder" instead of typed paths. */
  nativeDialogs: boolean
  downloads: Record<string, { received: number; total: number | null }>
  /** The last job state change, for the polite live region. */
  announcement: Announcement | null
}

/** The Files view's list: loaded page by page, newest first (UI.md §4). */
export interface FilesState {
  accountId: string | null
  /** The purpose the provider is asked to list; '' = every purpose. */
  purpose: string
  status: 'idle' | 'loading' | 'ready' | 'error'
  items: RemoteFileView[]
  error: ErrorInfo | null
  /** More pages remain at the provider; the next begins after the file `after`. */
  hasMore: boolean
  after: string | null
  /** A further page is on its way (scrolling, or Search all). */
  loadingMore: boolean
  /** The last further page failed: scrolling stops asking until Refresh or Search all. */
  moreError: ErrorInfo | null
}

export function emptyFiles(accountId: string | null, purpose = ''): FilesState {
  return { accountId, purpose, status: 'idle', items: [], error: null, hasMore: false, after: null, loadingMore: false, moreError: null }
}

export interface Toast {
  id: number
  text: string
  tone: 'info' | 'error'
}


export function initialEngineState(): EngineState {
  return {
    loaded: false,
    jobs: {},
    order: [],
    progress: {},
    times: {},
    accounts: [],
    activeAccountId: null,
    settings: DEFAULT_SETTINGS,
    online: true,
    unreachable: [],
    offlineSince: null,
    notices: [],
    secureKeyStorage: true,
    nativeDialogs: false,
    downloads: {},
    announcement: null
  }
}
