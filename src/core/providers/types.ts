// The one interface every provider adapter implements, and the shapes that cross it.
import type { AccountSettings, ProviderId } from '../../shared/accounts'
import type { RemoteFileView } from '../../shared/api'
import type { RetryNotice } from '../http/with-retry'
import type { Throttle } from '../transfer/throttle'
import type { Checkpoint, PartRecord } from './checkpoint'

export { PROVIDER_IDS, type ProviderId } from '../../shared/accounts'

/** How an account is reached; never holds its key. */
export interface AccountConfig extends AccountSettings {
  id: string
  /** A short hash of the key the account was set up with, so a different key is never used by mistake. */
  keyFingerprint?: string
}

/** A file at the provider: what the UI shows (times in unix seconds), plus the provider's processing status. */
export interface RemoteFile extends RemoteFileView {
  status?: string
}

export interface PurposeLimit {
  maxBytes: number
  /** The limit as the provider states it, e.g. "128 MB". */
  label: string
  extensions?: string[]
}

export interface ProviderLimits {
  /** Purposes the provider documents; a purpose not listed is refused unless `anyPurpose`. */
  purposes: Record<string, PurposeLimit>
  anyPurpose?: boolean
  expiry?: { min: number; max: number; /** always sent, this value when the user gave none */ defaultSeconds?: number }
}

export interface UploadSpec {
  path: string
  filename: string
  size: number
  mtimeMs: number
  purpose: string
  expiresAfterSeconds?: number
  partSize: number
  concurrency: number
}

export type UploadPhase = 'preparing' | 'uploading' | 'finishing'

/** What a flow may do with the job it runs: read and save its checkpoint, report, and check the source. */
export interface FlowContext {
  spec: UploadSpec
  /** Aborted to stop at once (cancel): nothing more is sent. */
  signal: AbortSignal
  /** Aborted to stop softly (pause, quit): start nothing new, finish what ends within a few seconds (transfer/drain.ts). */
  stopping: AbortSignal
  checkpoint(): Checkpoint
  saveCheckpoint(patch: Partial<Checkpoint>): Promise<void>
  /** Parts accepted for this upload session, from the parts log. */
  parts(uploadId: string): PartRecord[]
  addPart(part: PartRecord): Promise<void>
  /** Bytes of the file the provider has, or is receiving now. */
  progress(sent: number): void
  phase(phase: UploadPhase): void
  onRetry(notice: RetryNotice): void
  /** The provider's upload session (1 h) or presigned link (2 h) ran out and the flow began a new one. */
  renewed(what: 'session_expired' | 'link_expired'): void
  /** Throws `source_changed` if the file is not the one that was queued. */
  assertSourceUnchanged(): Promise<void>
  throttle?: Throttle
}

export interface ListPageOptions {
  purpose?: string
  /** The cursor a previous page gave: the page starts after this file. */
  after?: string
  /** Files per page; the adapter's own page size when not given. */
  limit?: number
  signal?: AbortSignal
}

/** One page of a newest-first listing; `after` is the cursor for the next one, given while `hasMore`. */
export interface FilePage {
  files: RemoteFile[]
  hasMore: boolean
  after?: string
}

export interface DownloadOptions {
  signal?: AbortSignal
  /** Replace a file already at the destination (else the download is refused before anything is fetched). */
  overwrite?: boolean
  onProgress?: (received: number, total: number | null) => void
}

export interface ProviderAdapter {
  readonly id: ProviderId
  /** The provider's name as users know it. */
  readonly name: string
  /** True when an interrupted upload continues where it stopped (parts), false when it starts the file again. */
  resumable(spec: UploadSpec): boolean
  readonly limits: ProviderLimits
  upload(ctx: FlowContext): Promise<RemoteFile>
  /** Removes whatever a cancelled upload left half-made on the provider. */
  discard(ctx: FlowContext): Promise<void>
  /** Every file, newest first where the provider orders them: `listPage` followed to the last page. */
  list(opts?: { purpose?: string; signal?: AbortSignal }): Promise<RemoteFile[]>
  /** One page of files, newest first; servers without paging answer everything in one page. */
  listPage(opts?: ListPageOptions): Promise<FilePage>
  retrieve(id: string): Promise<RemoteFile>
  remove(id: string): Promise<void>
  download(id: string, dest: string, opts?: DownloadOptions): Promise<{ bytes: number }>
}
