// Selectors: derive what views show (labels, tones, actions, progress, counts) from the store, with no side effects.
import type { AccountView, JobView, ProviderId } from '../../../shared/api'
import type { JobAction, JobState } from '../../../shared/jobs'
import type { Params, PluralKey, TextKey } from '../../../shared/locale'
import { TRANSFER_STATES } from './reducers'
import type { EngineState, FilesState, JobTimes, ProgressInfo } from './state'

export type Tone = 'neutral' | 'active' | 'attention' | 'success' | 'danger'
export type IconName =
  | 'clock'
  | 'search'
  | 'x'
  | 'triangle'
  | 'check'
  | 'up'
  | 'pause'
  | 'wifi-off'
  | 'rotate'
  | 'hourglass'
  | 'alert'
  | 'slash'
  | 'key'

export interface StatusView {
  tone: Tone
  icon: IconName
  key: TextKey
  params?: Params
}

export type QueueFilter = 'all' | 'active' | 'attention'

const ACTIVE: readonly JobState[] = ['queued', 'validating', 'ready', 'uploading', 'finishing', 'waiting-for-network', 'retrying']
const ATTENTION: readonly JobState[] = ['needs-fixing', 'has-warnings', 'failed', 'key-needed']

export function matchesFilter(job: JobView, filter: QueueFilter): boolean {
  if (filter === 'active') return ACTIVE.includes(job.state)
  if (filter === 'attention') return ATTENTION.includes(job.state)
  return true
}

export function selectJobIds(state: Pick<EngineState, 'jobs' | 'order'>, filter: QueueFilter): string[] {
  if (filter === 'all') return state.order
  return state.order.filter((id) => {
    const job = state.jobs[id]
    return job !== undefined && matchesFilter(job, filter)
  })
}

export function selectCounts(state: Pick<EngineState, 'jobs' | 'order'>): Record<QueueFilter, number> & { uploading: number } {
  let active = 0
  let attention = 0
  let uploading = 0
  for (const id of state.order) {
    const job = state.jobs[id]
    if (!job) continue
    if (ACTIVE.includes(job.state)) active++
    if (ATTENTION.includes(job.state)) attention++
    if (job.state === 'uploading' || job.state === 'finishing') uploading++
  }
  return { all: state.order.length, active, attention, uploading }
}

/** Total speed of all uploads, for the sidebar. */
export function selectTotalSpeed(state: Pick<EngineState, 'jobs' | 'progress'>): number {
  let sum = 0
  for (const [id, p] of Object.entries(state.progress)) if (state.jobs[id]?.state === 'uploading') sum += p.speed
  return sum
}

export function selectActiveAccount(state: Pick<EngineState, 'accounts' | 'activeAccountId'>): AccountView | null {
  return state.accounts.find((a) => a.id === state.activeAccountId) ?? null
}

/** Accounts grouped by provider in a stable provider order; the sandbox last. */
/** The Files count (UI.md §4): "{n}+ files" while pages remain, "{n} files" once all are loaded, nothing before the first page. */
export function selectFilesCount(files: Pick<FilesState, 'status' | 'items' | 'hasMore'>): { key: PluralKey; n: number } | null {
  if (files.status !== 'ready') return null
  return { key: files.hasMore ? 'files.countMore' : 'files.count', n: files.items.length }
}

export function groupAccountsByProvider(accounts: readonly AccountView[]): { provider: ProviderId; accounts: AccountView[] }[] {
  const orderOf: ProviderId[] = ['openai', 'netmind', 'yandex', 'azure', 'compatible', 'sandbox']
  return orderOf
    .map((provider) => ({ provider, accounts: accounts.filter((a) => a.provider === provider) }))
    .filter((g) => g.accounts.length > 0)
}

/** True when nothing but the sandbox is set up (first run: show Welcome). */
/** No account chosen yet (choosing the sandbox counts: a reload must not send the person back to Welcome), no jobs. */
export function isFirstRun(state: Pick<EngineState, 'accounts' | 'order' | 'activeAccountId'>): boolean {
  return state.activeAccountId === null && state.order.length === 0 && state.accounts.every((a) => a.provider === 'sandbox')
}

/** The word, icon and colour of a job's state (UI.md §2 table). */
export function jobStatus(job: JobView, times: JobTimes | undefined, now: number): StatusView {
  switch (job.state) {
    case 'queued':
      return { tone: 'neutral', icon: 'clock', key: 'job.queued' }
    case 'validating': {
      const pct = job.check?.progress
      return pct === undefined || !Number.isFinite(pct)
        ? { tone: 'active', icon: 'search', key: 'job.checkingPlain' }
        : { tone: 'active', icon: 'search', key: 'job.checking', params: { pct: clampPct(pct <= 1 ? pct * 100 : pct) } }
    }
    case 'needs-fixing':
      return { tone: 'danger', icon: 'x', key: 'job.invalid' }
    case 'has-warnings':
      return { tone: 'attention', icon: 'triangle', key: 'job.warnings' }
    case 'ready':
      return { tone: 'neutral', icon: 'check', key: 'job.ready' }
    case 'uploading':
      return { tone: 'active', icon: 'up', key: 'job.uploading' }
    case 'paused':
      return { tone: 'neutral', icon: 'pause', key: 'job.paused' }
    case 'waiting-for-network':
      return { tone: 'attention', icon: 'wifi-off', key: 'job.waitingNetwork' }
    case 'retrying': {
      const n = retrySecondsLeft(job, times, now)
      return n === null
        ? { tone: 'attention', icon: 'rotate', key: 'job.retryingSoon' }
        : { tone: 'attention', icon: 'rotate', key: 'job.retrying', params: { n } }
    }
    case 'finishing':
      return { tone: 'active', icon: 'hourglass', key: 'job.finishingShort' }
    case 'key-needed':
      return { tone: 'danger', icon: 'key', key: 'job.keyNeeded' }
    case 'completed':
      return { tone: 'success', icon: 'check', key: 'job.completed' }
    case 'failed':
      return { tone: 'danger', icon: 'alert', key: 'job.failed' }
    case 'cancelled':
      return { tone: 'neutral', icon: 'slash', key: 'job.cancelled' }
    default:
      return { tone: 'neutral', icon: 'clock', key: 'job.queued' }
  }
}

/** Seconds left before the next retry, counting down from the engine's figure; null when unknown. */
export function retrySecondsLeft(job: JobView, times: JobTimes | undefined, now: number): number | null {
  // `now` ticks once a second, so it may be up to a second older than the event: never show more than the host said.
  const said = job.retryInSeconds !== undefined && Number.isFinite(job.retryInSeconds) ? Math.ceil(job.retryInSeconds) : Infinity
  if (times?.retryAt !== undefined) return Math.max(0, Math.min(said, Math.ceil((times.retryAt - now) / 1000)))
  if (job.retryInSeconds !== undefined && Number.isFinite(job.retryInSeconds)) return Math.max(0, Math.ceil(job.retryInSeconds))
  return null
}


/** The buttons a row offers in its state (UI.md §2); `autoStart` hides Start. */
export function jobActions(job: JobView, autoStart: boolean): JobAction[] {
  switch (job.state) {
    case 'queued':
    case 'validating':
      return ['remove']
    case 'needs-fixing':
      return ['showProblems', 'checkAgain', 'remove']
    case 'has-warnings':
      return ['review', 'uploadAnyway', 'remove']
    case 'ready':
      return autoStart ? ['remove'] : ['start', 'remove']
    case 'uploading':
      return ['pause', 'cancel']
    case 'paused':
      return ['resume', 'cancel']
    case 'waiting-for-network':
      return ['pause', 'cancel']
    case 'retrying':
      return ['retryNow', 'pause', 'cancel']
    case 'finishing':
      return []
    case 'key-needed':
      return ['fixKey', 'retry', 'remove']
    case 'completed':
      return job.remoteId ? ['copyId', 'showInFiles', 'remove'] : ['remove']
    case 'failed': {
      const code = job.error?.code
      const lead: JobAction[] = code === 'auth_failed' || code === 'key_needed' ? ['fixKey'] : code === 'source_changed' ? ['startOver'] : []
      return [...lead, 'retry', 'remove']
    }
    case 'cancelled':
      return ['uploadAgain', 'remove']
    default:
      return ['remove']
  }
}

/** Actions the selection bar offers: those at least one selected job can take. */
export const SELECTION_ACTIONS = ['pause', 'resume', 'retry', 'uploadAnyway', 'remove'] as const
export type SelectionAction = (typeof SELECTION_ACTIONS)[number]

export function selectionTargets(jobs: readonly JobView[], action: SelectionAction): string[] {
  const can = (j: JobView): boolean => {
    switch (action) {
      case 'pause':
        return j.state === 'uploading' || j.state === 'waiting-for-network' || j.state === 'retrying'
      case 'resume':
        return j.state === 'paused'
      case 'retry':
        return j.state === 'failed' || j.state === 'retrying' || j.state === 'key-needed'
      case 'uploadAnyway':
        return j.state === 'has-warnings'
      case 'remove':
        return j.state !== 'uploading' && j.state !== 'finishing'
    }
  }
  return jobs.filter(can).map((j) => j.id)
}

export interface ProgressView {
  /** 0–100, whole. */
  percent: number
  sent: number
  total: number
  speed: number
  /** Seconds left, or null while estimating (first 5 s, unknown, not finite). */
  etaSeconds: number | null
  /** No byte moved for 20 s while uploading. */
  stalled: boolean
  /** Nothing measurable yet: "Preparing…". */
  preparing: boolean
  /** Bytes are moving now (uploading), so speed and time left mean something. */
  running: boolean
}

export const ETA_DELAY_MS = 5_000
export const STALL_MS = 20_000

/** What the bar shows; null when the state has no bar (UI.md §8: no progressbar on a file that needs fixing). */
export function progressView(job: JobView, p: ProgressInfo | undefined, now: number): ProgressView | null {
  if (!TRANSFER_STATES.includes(job.state)) return null
  const total = job.file.size > 0 ? job.file.size : (p?.total ?? 0)
  const sent = job.state === 'finishing' ? total : Math.min(total, Math.max(0, p?.sent ?? job.bytesSent))
  const percent = total > 0 ? clampPct((sent / total) * 100) : job.state === 'finishing' ? 100 : 0
  const running = job.state === 'uploading'
  const etaKnown =
    running && p !== undefined && p.etaSeconds !== null && Number.isFinite(p.etaSeconds) && now - p.since >= ETA_DELAY_MS
  return {
    percent,
    sent,
    total,
    speed: running && p ? p.speed : 0,
    etaSeconds: etaKnown && p ? p.etaSeconds : null,
    stalled: running && p !== undefined && now - p.movedAt >= STALL_MS,
    preparing: running && p === undefined && sent === 0,
    running
  }
}

/** Rounds an ETA for people: 5 s steps under a minute, whole minutes under an hour, then 5 min steps. */
export function roundEta(seconds: number): number {
  if (seconds < 60) return Math.max(5, Math.ceil(seconds / 5) * 5)
  if (seconds < 3600) return Math.round(seconds / 60) * 60
  return Math.round(seconds / 300) * 300
}

function clampPct(v: number): number {
  if (!Number.isFinite(v)) return 0
  return Math.min(100, Math.max(0, Math.floor(v)))
}

/** Providers whose uploads cannot continue after an interruption (UI.md §2 "Non-resumable flows"). */
export function isResumableProvider(provider: ProviderId): boolean {
  return provider !== 'yandex' && provider !== 'netmind'
}
