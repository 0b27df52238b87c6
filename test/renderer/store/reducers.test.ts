import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../src/shared/api'
import { applyEvent, applyJob, applyProgress, applySnapshot, removeJobs } from '../../../src/renderer/src/store/reducers'
import { initialEngineState } from '../../../src/renderer/src/store/state'
import { account, job, snapshot } from '../fake-bridge'

const snap = (over: Partial<Snapshot> = {}): Snapshot => snapshot({ jobs: [job({ id: 'a' }), job({ id: 'b', state: 'uploading', bytesSent: 10 })], ...over })

describe('applySnapshot', () => {
  it('projects the snapshot into jobs by id in queue order', () => {
    const s = applySnapshot(initialEngineState(), snap(), 1000)
    expect(s.loaded).toBe(true)
    expect(s.order).toEqual(['a', 'b'])
    expect(s.jobs.b?.bytesSent).toBe(10)
    expect(s.activeAccountId).toBe('acc_sandbox')
  })

  it('notes when the machine went offline so the banner can wait 3 s', () => {
    expect(applySnapshot(initialEngineState(), snap({ online: false }), 500).offlineSince).toBe(500)
  })
})

describe('applyEvent', () => {
  const base = () => applySnapshot(initialEngineState(), snap(), 0)

  it('adds a new job at the end and replaces a known one in place', () => {
    let s = applyEvent(base(), { type: 'job', job: job({ id: 'c' }) }, 1)
    expect(s.order).toEqual(['a', 'b', 'c'])
    s = applyEvent(s, { type: 'job', job: job({ id: 'a', state: 'validating' }) }, 2)
    expect(s.order).toEqual(['a', 'b', 'c'])
    expect(s.jobs.a?.state).toBe('validating')
  })

  it('shows the newest event of a job: events are folded in the order they arrive, with no version to compare', () => {
    let s = base()
    for (const state of ['paused', 'queued', 'uploading', 'finishing', 'completed'] as const) s = applyEvent(s, { type: 'job', job: job({ id: 'b', state }) }, 1)
    expect(s.jobs.b?.state).toBe('completed')
    expect(s.order).toEqual(['a', 'b'])
  })

  it('announces a state change once, not a repeat of the same state', () => {
    let s = applyEvent(base(), { type: 'job', job: job({ id: 'a', state: 'validating' }) }, 1)
    expect(s.announcement).toMatchObject({ jobId: 'a', state: 'validating', seq: 1 })
    s = applyEvent(s, { type: 'job', job: job({ id: 'a', state: 'validating', check: { valid: true, errors: 0, warnings: 0, progress: 50 } }) }, 2)
    expect(s.announcement?.seq).toBe(1)
  })

  it('removes a job with its progress and times', () => {
    let s = applyProgress(base(), { type: 'progress', jobId: 'b', sent: 20, total: 100, speed: 5, etaSeconds: 3 }, 1)
    s = applyEvent(s, { type: 'jobRemoved', jobId: 'b' }, 2)
    expect(s.order).toEqual(['a'])
    expect(s.jobs.b).toBeUndefined()
    expect(s.progress.b).toBeUndefined()
  })

  it('switches the active account and replaces the account list', () => {
    const work = account({ id: 'w', name: 'Work', provider: 'openai', maskedKey: '••••a1b2' })
    const s = applyEvent(base(), { type: 'accounts', accounts: [account(), work], activeAccountId: 'w' }, 1)
    expect(s.activeAccountId).toBe('w')
    expect(s.accounts.map((a) => a.id)).toEqual(['acc_sandbox', 'w'])
    // Queued jobs keep their own account.
    expect(s.jobs.a?.accountId).toBe('acc_sandbox')
  })

  it('tracks connectivity and keeps the first offline time', () => {
    let s = applyEvent(base(), { type: 'connectivity', online: false, unreachable: [] }, 100)
    s = applyEvent(s, { type: 'connectivity', online: false, unreachable: [] }, 900)
    expect(s.offlineSince).toBe(100)
    s = applyEvent(s, { type: 'connectivity', online: true, unreachable: [] }, 1000)
    expect(s.offlineSince).toBeNull()
    expect(s.online).toBe(true)
  })

  it('keeps notices once each', () => {
    const notice = { code: 'store_repaired', message: 'Repaired', hint: '' }
    let s = applyEvent(base(), { type: 'notice', notice }, 1)
    s = applyEvent(s, { type: 'notice', notice }, 2)
    expect(s.notices).toHaveLength(1)
  })

  it('counts a retry down from the time the event arrived', () => {
    const s = applyEvent(base(), { type: 'job', job: job({ id: 'b', state: 'retrying', retryInSeconds: 12 }) }, 10_000)
    expect(s.times.b?.retryAt).toBe(22_000)
  })

  it('notes upload start and completion times for "Uploaded X in Y"', () => {
    let s = applyEvent(base(), { type: 'job', job: job({ id: 'a', state: 'uploading' }) }, 1_000)
    s = applyEvent(s, { type: 'job', job: job({ id: 'a', state: 'completed', remoteId: 'file-1' }) }, 61_000)
    expect(s.times.a).toMatchObject({ uploadStartedAt: 1_000, completedAt: 61_000 })
  })
})

describe('applyProgress', () => {
  const base = () => applySnapshot(initialEngineState(), snap(), 0)
  const progress = (sent: number) => ({ type: 'progress' as const, jobId: 'b', sent, total: 100, speed: 5, etaSeconds: 18 })

  it('folds every event as it comes: the host already paced them', () => {
    let s = base()
    for (let sent = 1; sent <= 5; sent++) {
      s = applyEvent(s, progress(sent), sent * 100)
      expect(s.progress.b).toMatchObject({ sent, at: sent * 100, since: 100 })
    }
  })

  it('keeps the newest figures and when the run started', () => {
    let s = applyProgress(base(), { type: 'progress', jobId: 'b', sent: 10, total: 100, speed: 5, etaSeconds: 18 }, 1_000)
    s = applyProgress(s, { type: 'progress', jobId: 'b', sent: 30, total: 100, speed: 6, etaSeconds: 12 }, 2_000)
    expect(s.progress.b).toMatchObject({ sent: 30, since: 1_000, at: 2_000, movedAt: 2_000, etaSeconds: 12 })
  })

  it('turns NaN or infinite speed and ETA into unknown', () => {
    const s = applyProgress(base(), { type: 'progress', jobId: 'b', sent: 1, total: 100, speed: NaN, etaSeconds: Infinity }, 1)
    expect(s.progress.b).toMatchObject({ speed: 0, etaSeconds: null })
  })

  it('ignores progress for unknown, finished or not-transferring jobs', () => {
    const s0 = applyEvent(base(), { type: 'job', job: job({ id: 'b', state: 'completed' }) }, 1)
    const s1 = applyProgress(s0, { type: 'progress', jobId: 'b', sent: 1, total: 2, speed: 1, etaSeconds: 1 }, 2)
    const s2 = applyProgress(s1, { type: 'progress', jobId: 'a', sent: 1, total: 2, speed: 1, etaSeconds: 1 }, 2)
    const s3 = applyProgress(s2, { type: 'progress', jobId: 'zzz', sent: 1, total: 2, speed: 1, etaSeconds: 1 }, 2)
    expect(s3).toBe(s0)
  })

  it('drops the bar figures when a job leaves the transfer states', () => {
    let s = applyProgress(base(), { type: 'progress', jobId: 'b', sent: 10, total: 100, speed: 5, etaSeconds: 18 }, 1)
    s = applyJob(s, job({ id: 'b', state: 'failed', error: { code: 'x', message: 'm', hint: '' } }), 2)
    expect(s.progress.b).toBeUndefined()
  })

  it('keeps the bar where it was when a job is paused', () => {
    let s = applyProgress(base(), { type: 'progress', jobId: 'b', sent: 40, total: 100, speed: 5, etaSeconds: 18 }, 1)
    s = applyJob(s, job({ id: 'b', state: 'paused', bytesSent: 40 }), 2)
    expect(s.progress.b?.sent).toBe(40)
  })
})

describe('removeJobs', () => {
  it('returns the same state when nothing is removed', () => {
    const s = applySnapshot(initialEngineState(), snap(), 0)
    expect(removeJobs(s, ['nope'])).toBe(s)
  })
})
