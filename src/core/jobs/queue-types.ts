// The shapes around the queue: how a host configures it, what it adds, what it tells.
import type { ErrorInfo } from '../../shared/errors'
import type { AccountConfig, ProviderAdapter } from '../providers/types'
import type { ProgressSnapshot } from '../transfer/progress'
import type { ContentCheck } from './checks'
import type { Connectivity, ReachabilityProbe } from './connectivity'
import type { JobRecord } from './record'

export type AdapterResolution = { adapter: ProviderAdapter } | { keyNeeded: ErrorInfo }

export interface QueueOptions {
  home: string
  /** An account's adapter with its key, or why there is no key. */
  resolve: (account: AccountConfig) => Promise<AdapterResolution>
  /** An account's adapter for its limits and name; no key needed. */
  limitsFor: (account: AccountConfig) => Promise<ProviderAdapter>
  check: ContentCheck
  /** Read live: settings may change while the queue runs. */
  concurrency: () => number
  autoStart: () => boolean
  /** The default expiry for a purpose (app settings); absent: a job keeps the expiry it was added with. */
  expiryFor?: (purpose: string) => number | undefined
  /** Where an account's uploads go, to probe it; absent: no probing (the uploads' own retries wait out an outage). */
  endpointOf?: (account: AccountConfig) => Promise<string | null>
  probe?: ReachabilityProbe
  isOnline?: () => boolean
  /** Bytes per second for all uploads together. */
  bandwidthLimit?: number
  /** How often the runner reads its inbox and the follower reads the records (ms). */
  tickMs?: number
  checkConcurrency?: number
  /** Hold the queue only to change it (`ferry queue cancel …`): check and upload nothing. */
  passive?: boolean
}

export interface AddInput {
  path: string
  account: AccountConfig
  /** Unset: taken from the content. */
  purpose?: string
  partSize: number
  concurrency?: number
  expiresAfterSeconds?: number
  uploadAnyway?: 'warnings' | 'errors'
}

/** What the queue knows of a job beyond its record: shown, never saved. */
export interface JobRuntime {
  /** 0–100 while the content check runs. */
  checkProgress?: number
  /** Bytes the provider already had when this run picked the job up again. */
  resumedFrom?: number
  /** When the next retry happens (ms since epoch), while retrying. */
  retryUntil?: number
}

export interface ProgressEvent extends ProgressSnapshot {
  jobId: string
}
export interface RetryEvent {
  jobId: string
  attempt: number
  delayMs: number
  error: ErrorInfo
}

export interface QueueEvents {
  job: [job: JobRecord]
  removed: [jobId: string]
  progress: [progress: ProgressEvent]
  retry: [retry: RetryEvent]
  /** The provider's upload session or link ran out and the job began a new one: its bytes go again. */
  renewed: [renewal: { jobId: string; what: 'session_expired' | 'link_expired' }]
  connectivity: [connectivity: Connectivity]
  role: [role: 'runner' | 'follower']
}
