// Selectors: derive what views show (labels, tones, progress, counts, tabs) from the store, with no side effects. The buttons
// a job offers are in job-moves.ts.
import type { AccountView, JobView, ProviderId } from '../../../shared/api'
import type { JobState } from '../../../shared/jobs'
import { movesOnItsOwn } from '../../../shared/lifecycle'
import type { Params, PluralKey, TextKey } from '../../../shared/locale'
import { underWay } from './job-moves'
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

type JobList = Pick<EngineState, 'jobs' | 'order' | 'settings'>

/** Active: the queue moves it on by itself. Needs attention: shown as a problem, and it will not sort itself out. */
function matchesFilter(job: JobView, filter: QueueFilter, autoStart: boolean): boolean {
  if (filter === 'active') return movesOnItsOwn(job.state, autoStart)
  if (filter === 'attention') return ALARMING.has(LOOK[job.state].tone) && !movesOnItsOwn(job.state, autoStart)
  return true
}

export function selectJobIds(state: JobList, filter: QueueFilter): string[] {
  if (filter === 'all') return state.order
  return state.order.filter((id) => {
    const job = state.jobs[id]
    return job !== undefined && matchesFilter(job, filter, state.settings.autoStart)
  })
}

export function selectCounts(state: JobList): Record<QueueFilter, number> & { uploading: number } {
  let active = 0
  let attention = 0
  let uploading = 0
  for (const id of state.order) {
    const job = state.jobs[id]
    if (!job) continue
    if (matchesFilter(job, 'active', state.settings.autoStart)) active++
    if (matchesFilter(job, 'attention', state.settings.autoStart)) attention++
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

/** The Files count (UI.md §4): "{n}+ files" while pages remain, "{n} files" once all are loaded, nothing before the first page. */
export function selectFilesCount(files: Pick<FilesState, 'status' | 'items' | 'hasMore'>): { key: PluralKey; n: number } | null {
  if (files.status !== 'ready') return null
  return { key: files.hasMore ? 'files.countMore' : 'files.count', n: files.items.length }
}

/** Accounts grouped by provider in a stable provider order; the sandbox last. */
export function groupAccountsByProvider(accounts: readonly AccountView[]): { provider: ProviderId; accounts: AccountView[] }[] {
  const orderOf: ProviderId[] = ['openai', 'netmind', 'yandex', 'azure', 'compatible', 'sandbox']
  return orderOf
    .map((provider) => ({ provider, accounts: accounts.filter((a) => a.provider === provider) }))
    .filter((g) => g.accounts.length > 0)
}

/** First run (show Welcome): only the sandbox, no account chosen (choosing the sandbox counts, so a reload stays), no jobs. */
export function isFirstRun(state: Pick<EngineState, 'accounts' | 'order' | 'activeAccountId'>): boolean {
  return state.activeAccountId === null && state.order.length === 0 && state.accounts.every((a) => a.provider === 'sandbox')
}

const ALARMING: ReadonlySet<Tone> = new Set(['attention', 'danger'])

/** Each state's colour and icon (UI.md §2 table). */
const LOOK: Record<JobState, { tone: Tone; icon: IconName }> = {
  queued: { tone: 'neutral', icon: 'clock' },
  validating: { tone: 'active', icon: 'search' },
  'needs-fixing': { tone: 'danger', icon: 'x' },
  'has-warnings': { tone: 'attention', icon: 'triangle' },
  ready: { tone: 'neutral', icon: 'check' },
  uploading: { tone: 'active', icon: 'up' },
  paused: { tone: 'neutral', icon: 'pause' },
  'waiting-for-network': { tone: 'attention', icon: 'wifi-off' },
  retrying: { tone: 'attention', icon: 'rotate' },
  finishing: { tone: 'active', icon: 'hourglass' },
  'key-needed': { tone: 'danger', icon: 'key' },
  completed: { tone: 'success', icon: 'check' },
  failed: { tone: 'danger', icon: 'alert' },
  cancelled: { tone: 'neutral', icon: 'slash' }
}

/** The word of each state whose word takes no figures. */
const WORD: Record<Exclude<JobState, 'validating' | 'retrying'>, TextKey> = {
  queued: 'job.queued',
  'needs-fixing': 'job.invalid',
  'has-warnings': 'job.warnings',
  ready: 'job.ready',
  uploading: 'job.uploading',
  paused: 'job.paused',
  'waiting-for-network': 'job.waitingNetwork',
  finishing: 'job.finishingShort',
  'key-needed': 'job.keyNeeded',
  completed: 'job.completed',
  failed: 'job.failed',
  cancelled: 'job.cancelled'
}

/** The word, icon and colour of a job's state (UI.md §2 table). */
export function jobStatus(job: JobView, times: JobTimes | undefined, now: number): StatusView {
  const look = LOOK[job.state]
  if (job.state === 'validating') {
    const pct = job.check?.progress
    return pct === undefined || !Number.isFinite(pct)
      ? { ...look, key: 'job.checkingPlain' }
      : { ...look, key: 'job.checking', params: { pct: clampPct(pct <= 1 ? pct * 100 : pct) } }
  }
  if (job.state === 'retrying') {
    const n = retrySecondsLeft(job, times, now)
    return n === null ? { ...look, key: 'job.retryingSoon' } : { ...look, key: 'job.retrying', params: { n } }
  }
  return { ...look, key: WORD[job.state] }
}

/** Seconds left before the next retry, counting down from the engine's figure; null when unknown. */
export function retrySecondsLeft(job: JobView, times: JobTimes | undefined, now: number): number | null {
  // `now` ticks once a second, so it may be up to a second older than the event: never show more than the host said.
  const said = job.retryInSeconds !== undefined && Number.isFinite(job.retryInSeconds) ? Math.ceil(job.retryInSeconds) : Infinity
  if (times?.retryAt !== undefined) return Math.max(0, Math.min(said, Math.ceil((times.retryAt - now) / 1000)))
  if (job.retryInSeconds !== undefined && Number.isFinite(job.retryInSeconds)) return Math.max(0, Math.ceil(job.retryInSeconds))
  return null
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
  if (!underWay(job.state)) return null
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
