// The shape of the renderer's store: the engine's state as its snapshot and events tell it, one part per slice, plus the
// UI-only bits each slice keeps beside it.
import { DEFAULT_SETTINGS, type AccountView, type JobView, type RemoteFileView, type Settings } from '../../../shared/api'
import type { ErrorInfo } from '../../../shared/errors'
import type { JobState } from '../../../shared/jobs'

/** The latest progress of a running job, as the host sent it (the host already keeps it to a few a second). */
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

/** The jobs slice's share of the engine: jobs only ever change through `job`, `jobRemoved` and `progress` events. */
export interface JobsState {
  jobs: Record<string, JobView>
  /** Job ids in queue order (oldest first). */
  order: string[]
  progress: Record<string, ProgressInfo>
  times: Record<string, JobTimes>
  /** The last job state change, for the polite live region. */
  announcement: Announcement | null
}

export interface AccountsState {
  accounts: AccountView[]
  activeAccountId: string | null
  /** False on Linux without a keyring: keys can only be kept until Ferry closes. */
  secureKeyStorage: boolean
}

export interface SettingsState {
  settings: Settings
}

export interface NoticesState {
  /** Things to tell once (a repaired upload list, …), until dismissed. */
  notices: ErrorInfo[]
}

/** The link to the host: loaded yet, online, and what the host can do. */
export interface ConnectionState {
  /** The first snapshot arrived. */
  loaded: boolean
  online: boolean
  /** Hosts (provider names) that cannot be reached while the machine itself is online. */
  unreachable: string[]
  /** When the connection dropped (ms), for the 3 s banner delay. */
  offlineSince: number | null
  /** The desktop app: OS file dialogs and "Show in folder" instead of typed paths. */
  nativeDialogs: boolean
}

export interface DownloadsState {
  downloads: Record<string, { received: number; total: number | null }>
}

/** Everything the reducers fold from the snapshot and the events. */
export type EngineState = JobsState & AccountsState & SettingsState & NoticesState & ConnectionState & DownloadsState

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

export const initialJobs = (): JobsState => ({ jobs: {}, order: [], progress: {}, times: {}, announcement: null })
export const initialAccounts = (): AccountsState => ({ accounts: [], activeAccountId: null, secureKeyStorage: true })
export const initialSettings = (): SettingsState => ({ settings: DEFAULT_SETTINGS })
export const initialNotices = (): NoticesState => ({ notices: [] })
export const initialConnection = (): ConnectionState => ({ loaded: false, online: true, unreachable: [], offlineSince: null, nativeDialogs: false })
export const initialDownloads = (): DownloadsState => ({ downloads: {} })

export function initialEngineState(): EngineState {
  return { ...initialJobs(), ...initialAccounts(), ...initialSettings(), ...initialNotices(), ...initialConnection(), ...initialDownloads() }
}
