// Pure reducers: fold the engine's snapshot and events, in the order they arrive, into the renderer's state. Events are the
// only route for a job's state (a command's answer carries only ids). No I/O, no clocks: time comes in as `at`.
import type { FerryEvent, JobView, Snapshot } from '../../../shared/api'
import type { ErrorInfo } from '../../../shared/errors'
import type { JobState } from '../../../shared/jobs'
import { underWay } from './job-moves'
import type { EngineState, JobTimes } from './state'

type ProgressEvent = Extract<FerryEvent, { type: 'progress' }>

export function applySnapshot(state: EngineState, snap: Snapshot, at: number): EngineState {
  const jobs: Record<string, JobView> = {}
  const order: string[] = []
  for (const job of snap.jobs) {
    if (!(job.id in jobs)) order.push(job.id)
    jobs[job.id] = job
  }
  const times: Record<string, JobTimes> = {}
  for (const job of snap.jobs) {
    const t = timesFor(undefined, job, at)
    if (t) times[job.id] = t
  }
  return {
    ...state,
    loaded: true,
    jobs,
    order,
    progress: {},
    times,
    accounts: snap.accounts,
    activeAccountId: snap.activeAccountId,
    settings: snap.settings,
    online: snap.online,
    unreachable: [],
    offlineSince: snap.online ? null : at,
    notices: mergeNotices([], snap.notices),
    secureKeyStorage: snap.secureKeyStorage,
    nativeDialogs: snap.nativeDialogs
  }
}

export function applyEvent(state: EngineState, ev: FerryEvent, at: number): EngineState {
  switch (ev.type) {
    case 'job':
      return applyJob(state, ev.job, at)
    case 'jobRemoved':
      return removeJobs(state, [ev.jobId])
    case 'progress':
      return applyProgress(state, ev, at)
    case 'connectivity':
      return {
        ...state,
        online: ev.online,
        unreachable: ev.unreachable,
        offlineSince: ev.online ? null : (state.offlineSince ?? at)
      }
    case 'accounts':
      return { ...state, accounts: ev.accounts, activeAccountId: ev.activeAccountId }
    case 'settings':
      return { ...state, settings: ev.settings }
    case 'download':
      return { ...state, downloads: { ...state.downloads, [ev.id]: { received: ev.received, total: ev.total } } }
    case 'notice':
      return { ...state, notices: mergeNotices(state.notices, [ev.notice]) }
    default:
      return state
  }
}

/** A job changed: the newest event is its state. Replace it, keep queue order, note the times the UI needs, announce a new state. */
export function applyJob(state: EngineState, job: JobView, at: number): EngineState {
  const prev = state.jobs[job.id]
  const jobs = { ...state.jobs, [job.id]: job }
  const order = prev ? state.order : [...state.order, job.id]

  let progress = state.progress
  const p = progress[job.id]
  if (p) {
    progress = { ...progress }
    if (!underWay(job.state)) delete progress[job.id]
    // A new run begins: its speed, ETA delay and stall clock start again.
    else if (job.state === 'uploading' && prev?.state !== 'uploading') delete progress[job.id]
    else progress[job.id] = { ...p, sent: job.bytesSent, total: job.file.size }
  }

  let times = state.times
  const t = timesFor(times[job.id], job, at, prev)
  if (t !== times[job.id]) {
    times = { ...times }
    if (t) times[job.id] = t
    else delete times[job.id]
  }

  const announcement =
    prev?.state === job.state
      ? state.announcement
      : { seq: (state.announcement?.seq ?? 0) + 1, jobId: job.id, name: job.file.name, state: job.state }

  return { ...state, jobs, order, progress, times, announcement }
}

function timesFor(cur: JobTimes | undefined, job: JobView, at: number, prev?: JobView): JobTimes | undefined {
  const entered = (s: JobState): boolean => job.state === s && prev?.state !== s
  let next = cur
  const set = (patch: Partial<JobTimes>): void => {
    next = { ...next, ...patch }
  }
  if (entered('uploading') && prev !== undefined) {
    set({ uploadStartedAt: at })
    if ((job.resumedFrom ?? 0) > 0) set({ resumedAt: at })
  }
  if (entered('completed') && prev !== undefined) set({ completedAt: at })
  if (entered('finishing')) set({ finishingSince: at })
  if (job.state === 'retrying' && job.retryInSeconds !== undefined) {
    if (entered('retrying') || job.retryInSeconds !== prev?.retryInSeconds) set({ retryAt: at + job.retryInSeconds * 1000 })
  }
  return next
}

/** A job's progress, as the host sent it: shown only while its upload is under way. */
export function applyProgress(state: EngineState, ev: ProgressEvent, at: number): EngineState {
  const job = state.jobs[ev.jobId]
  if (!job || !underWay(job.state)) return state
  const p = state.progress[ev.jobId]
  const info = {
    sent: ev.sent,
    total: ev.total,
    speed: Number.isFinite(ev.speed) && ev.speed > 0 ? ev.speed : 0,
    etaSeconds: ev.etaSeconds !== null && Number.isFinite(ev.etaSeconds) && ev.etaSeconds >= 0 ? ev.etaSeconds : null,
    at,
    since: p?.since ?? at,
    movedAt: !p || ev.sent > p.sent ? at : p.movedAt
  }
  return { ...state, progress: { ...state.progress, [ev.jobId]: info } }
}

export function removeJobs(state: EngineState, ids: readonly string[]): EngineState {
  const gone = new Set(ids.filter((id) => id in state.jobs))
  if (gone.size === 0) return state
  const jobs = { ...state.jobs }
  const progress = { ...state.progress }
  const times = { ...state.times }
  for (const id of gone) {
    delete jobs[id]
    delete progress[id]
    delete times[id]
  }
  return { ...state, jobs, order: state.order.filter((id) => !gone.has(id)), progress, times }
}

export function dismissNotice(state: EngineState, index: number): EngineState {
  return { ...state, notices: state.notices.filter((_, i) => i !== index) }
}

function mergeNotices(current: ErrorInfo[], added: readonly ErrorInfo[]): ErrorInfo[] {
  const out = [...current]
  for (const n of added) if (!out.some((o) => o.code === n.code && o.message === n.message)) out.push(n)
  return out
}
