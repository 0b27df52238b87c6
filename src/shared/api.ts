// FerryApi: everything the UI may ask of the engine, declared once. Bound to Electron IPC (src/main/ipc.ts) and to HTTP + SSE
// (src/web) by the same handlers (src/main/handlers.ts). Every call resolves to a Result: errors are values, never thrown.
import type { AccountSettings, ProviderId } from './accounts'
import type { ErrorInfo } from './errors'
import type { JobState } from './jobs'
import type { ValidationReport } from './validation'

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

export type { ProviderId }

/** An account as the renderer sees it: never the key, only its last four characters. */
export interface AccountView extends AccountSettings {
  id: string
  /** "••••a1b2", or null when no key is saved (sandbox needs none). */
  maskedKey: string | null
  /** Where the key lives: encrypted at rest, or in memory until Ferry closes. */
  keyStorage: 'encrypted' | 'session' | 'none'
  /** Chip colour index 0–7 and 1–2 initials. */
  chip: { color: number; initials: string }
  lastTest?: { ok: boolean; at: number; message: string }
}

export interface AccountInput extends AccountSettings {
  /** The key: travels renderer → main once, is encrypted there, never comes back. */
  key?: string
  /** Keep the key in memory only (Linux without a keyring). */
  sessionOnlyKey?: boolean
}

export interface JobView {
  id: string
  state: JobState
  file: { path: string; name: string; size: number }
  accountId: string
  accountName: string
  provider: ProviderId
  purpose: string
  bytesSent: number
  createdAt: number
  remoteId?: string
  error?: ErrorInfo
  /** The upload began again from zero (non-resumable flow, expired session or link). */
  restarted?: boolean
  /** The provider's session or upload link ran out and Ferry began a new one (told, not an error). */
  renewal?: 'session_expired' | 'link_expired'
  /** Bytes already at the provider when this run resumed the job. */
  resumedFrom?: number
  /** Seconds until the next retry, while `state` is 'retrying'. */
  retryInSeconds?: number
  /** Summary of the content check; the full report via validationReport(). */
  /** errorLines: lines with an error, each once (the row's "n lines have problems"); absent from checks saved before it. */
  check?: { valid: boolean; errors: number; errorLines?: number; warnings: number; detectedPurpose?: string; progress?: number }
}

export interface RemoteFileView {
  id: string
  filename: string
  bytes: number | null
  purpose: string
  /** Unix seconds. */
  createdAt: number
  expiresAt: number | null
}

/** A page of remote files; `after` is the cursor of the next page, given while `hasMore`. */
export interface RemoteFilePage {
  files: RemoteFileView[]
  hasMore: boolean
  after?: string
}

export interface Settings {
  /** Files uploaded at once, 1–6. */
  concurrency: number
  /** 8–64 MiB. */
  partSizeMiB: number
  /** Bytes per second, null = no limit. */
  speedLimit: number | null
  autoStart: boolean
  /** Default expiry in seconds per purpose, null = never. */
  expiry: Record<string, number | null>
  notifications: boolean
  theme: 'system' | 'light' | 'dark'
  language: 'en' | 'ru'
}

/** Settings on first start (UI.md §5). */
export const DEFAULT_SETTINGS: Settings = {
  concurrency: 2,
  partSizeMiB: 64,
  speedLimit: null,
  autoStart: true,
  expiry: {},
  notifications: true,
  theme: 'system',
  language: 'en'
}

export interface Snapshot {
  jobs: JobView[]
  accounts: AccountView[]
  activeAccountId: string | null
  settings: Settings
  online: boolean
  /** Things the user must be told once (a damaged store moved aside, …). */
  notices: ErrorInfo[]
  /** False on Linux when safeStorage would only obfuscate (basic_text). */
  secureKeyStorage: boolean
  /** True in the desktop app: the OS's own file dialogs and "Show in folder" (a browser cannot give paths). */
  nativeDialogs: boolean
}

export type FerryEvent =
  | { type: 'job'; job: JobView }
  | { type: 'jobRemoved'; jobId: string }
  | { type: 'progress'; jobId: string; sent: number; total: number; speed: number; etaSeconds: number | null }
  | { type: 'connectivity'; online: boolean; unreachable: string[] }
  | { type: 'accounts'; accounts: AccountView[]; activeAccountId: string | null }
  | { type: 'settings'; settings: Settings }
  | { type: 'download'; id: string; received: number; total: number | null }
  | { type: 'notice'; notice: ErrorInfo }

/** What a download does when a file is already where it would go. */
export type IfExists = 'refuse' | 'replace' | 'keepBoth'

/** What a job command answers: the jobs it acted on. Their new state arrives as `job` events, the only route to the UI. */
export interface JobIds {
  jobIds: string[]
}

export interface FerryApi {
  snapshot(): Promise<Result<Snapshot>>

  /** Queues files for an account (default: the active one); each is checked at once, purpose detected unless given. */
  addFiles(input: { paths: string[]; accountId?: string; purpose?: string }): Promise<Result<JobIds>>
  /** Copies Ferry's two sample files (a fine-tune set and a batch file) into FERRY_HOME/samples and queues them for the sandbox. */
  addSampleFiles(): Promise<Result<JobIds>>
  setPurpose(input: { jobId: string; purpose: string }): Promise<Result<JobIds>>
  recheck(input: { jobIds: string[] }): Promise<Result<JobIds>>
  validationReport(input: { jobId: string; all?: boolean }): Promise<Result<ValidationReport>>
  /** Start (auto-start off) or "Upload anyway" (warnings only). */
  startJobs(input: { jobIds: string[] }): Promise<Result<JobIds>>
  pauseJobs(input: { jobIds: string[] }): Promise<Result<JobIds>>
  resumeJobs(input: { jobIds: string[] }): Promise<Result<JobIds>>
  cancelJobs(input: { jobIds: string[] }): Promise<Result<JobIds>>
  retryJobs(input: { jobIds: string[] }): Promise<Result<JobIds>>
  removeJobs(input: { jobIds: string[] }): Promise<Result<JobIds>>

  /** Every file of the account, newest first (CLI-sized accounts; the Files view pages with listFilesPage). */
  listFiles(input: { accountId?: string; purpose?: string }): Promise<Result<RemoteFileView[]>>
  /** One page of the account's files, newest first; pass the answer's `after` to get the next page while `hasMore`. */
  listFilesPage(input: { accountId?: string; purpose?: string; after?: string; limit?: number }): Promise<Result<RemoteFilePage>>
  deleteFiles(input: { accountId?: string; ids: string[] }): Promise<Result<{ deleted: string[]; failed: { id: string; error: ErrorInfo }[] }>>
  /**
   * Saves a remote file at `destPath` (a folder: into it, under the file's sanitized name). A file already there answers
   * `file_exists` (params.path) unless `ifExists` says to replace it or keep both ("name (1).jsonl").
   */
  downloadFile(input: { accountId?: string; id: string; destPath: string; ifExists?: IfExists }): Promise<Result<{ path: string; bytes: number }>>
  /** Stops a running download (its downloadFile answers `download_cancelled`; nothing is left on disk). */
  cancelDownload(input: { id: string }): Promise<Result<{ cancelled: boolean }>>

  /** The OS's open dialog (desktop only): the files chosen, none when cancelled. */
  chooseFiles(): Promise<Result<{ paths: string[] }>>
  /** The OS's save dialog (desktop only), in Downloads with the file's name: the path chosen, or null when cancelled. */
  chooseSavePath(input: { name: string }): Promise<Result<{ path: string | null }>>
  /** Shows a file in the OS's file manager (desktop only): only a file Ferry downloaded or queued. */
  showInFolder(input: { path: string }): Promise<Result<Record<string, never>>>

  addAccount(input: AccountInput): Promise<Result<AccountView>>
  updateAccount(input: { id: string; patch: Partial<AccountInput> }): Promise<Result<AccountView>>
  removeAccount(input: { id: string }): Promise<Result<{ removed: string }>>
  setActiveAccount(input: { id: string }): Promise<Result<{ activeAccountId: string }>>
  testAccount(input: { id: string }): Promise<Result<{ files: number }>>

  updateSettings(input: Partial<Settings>): Promise<Result<Settings>>
}

/** What the preload exposes as `window.ferry`: the API's verbs, an event subscription, and the dropped file's path. */
export interface FerryBridge extends FerryApi {
  onEvent(listener: (event: FerryEvent) => void): () => void
  pathForFile(file: File): string | null
}

/** The API's verbs by name: the IPC channels, the HTTP routes and the preload's methods are made from this one list. */
export const FERRY_VERBS = [
  'snapshot',
  'addFiles',
  'addSampleFiles',
  'setPurpose',
  'recheck',
  'validationReport',
  'startJobs',
  'pauseJobs',
  'resumeJobs',
  'cancelJobs',
  'retryJobs',
  'removeJobs',
  'listFiles',
  'listFilesPage',
  'deleteFiles',
  'downloadFile',
  'cancelDownload',
  'chooseFiles',
  'chooseSavePath',
  'showInFolder',
  'addAccount',
  'updateAccount',
  'removeAccount',
  'setActiveAccount',
  'testAccount',
  'updateSettings'
] as const satisfies readonly (keyof FerryApi)[]
export type FerryVerb = (typeof FERRY_VERBS)[number]
