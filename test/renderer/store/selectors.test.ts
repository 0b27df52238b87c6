import { describe, expect, it } from 'vitest'
import { JOB_STATES } from '../../../src/shared/jobs'
import { createTranslator } from '../../../src/shared/locale'
import { isFirstRun, jobStatus, progressView, roundEta, selectCounts, selectFilesCount, selectJobIds } from '../../../src/renderer/src/store/selectors'
import { SETTINGS, account, job, remoteFile } from '../fake-bridge'

const tr = createTranslator('en')
const word = (j: Parameters<typeof jobStatus>[0], now = 0, times?: Parameters<typeof jobStatus>[1]) => {
  const s = jobStatus(j, times, now)
  return tr.t(s.key, s.params)
}

describe('jobStatus', () => {
  it('uses the words of UI.md §2 with a tone per state', () => {
    expect(word(job({ id: 'a', state: 'queued' }))).toBe('Queued')
    expect(word(job({ id: 'a', state: 'validating', check: { valid: false, errors: 0, warnings: 0, progress: 45 } }))).toBe('Checking 45%')
    expect(word(job({ id: 'a', state: 'needs-fixing' }))).toBe('Needs fixing')
    expect(word(job({ id: 'a', state: 'has-warnings' }))).toBe('Has warnings')
    expect(word(job({ id: 'a', state: 'waiting-for-network' }))).toBe('Waiting for network')
    expect(word(job({ id: 'a', state: 'completed' }))).toBe('Uploaded')
    expect(jobStatus(job({ id: 'a', state: 'failed' }), undefined, 0).tone).toBe('danger')
    expect(jobStatus(job({ id: 'a', state: 'completed' }), undefined, 0).tone).toBe('success')
  })

  it('counts a retry down from when it was announced', () => {
    const j = job({ id: 'a', state: 'retrying', retryInSeconds: 12 })
    expect(word(j, 10_000, { retryAt: 22_000 })).toBe('Retrying in 12 s')
    expect(word(j, 17_100, { retryAt: 22_000 })).toBe('Retrying in 5 s')
    expect(word(j, 30_000, { retryAt: 22_000 })).toBe('Retrying in 0 s')
  })

  it('never shows more seconds than the host said, though the clock ticks only once a second (found by the e2e suite)', () => {
    // The event arrived at 10,900; the row's clock last ticked at 10,000.
    const j = job({ id: 'a', state: 'retrying', retryInSeconds: 5 })
    expect(word(j, 10_000, { retryAt: 15_900 })).toBe('Retrying in 5 s')
    expect(word(j, 11_000, { retryAt: 15_900 })).toBe('Retrying in 5 s')
    expect(word(j, 12_000, { retryAt: 15_900 })).toBe('Retrying in 4 s')
  })
})

describe('progressView', () => {
  const j = job({ id: 'a', state: 'uploading', file: { path: '/x', name: 'x', size: 1000 } })

  it('has no bar outside the transfer states', () => {
    expect(progressView(job({ id: 'a', state: 'needs-fixing' }), undefined, 0)).toBeNull()
    expect(progressView(job({ id: 'a', state: 'completed' }), undefined, 0)).toBeNull()
  })

  it('estimates for the first 5 s, then shows the ETA', () => {
    const p = { sent: 500, total: 1000, speed: 100, etaSeconds: 5, at: 1000, since: 1000, movedAt: 1000 }
    expect(progressView(j, p, 3000)?.etaSeconds).toBeNull()
    expect(progressView(j, p, 6000)?.etaSeconds).toBe(5)
    expect(progressView(j, p, 6000)?.percent).toBe(50)
  })

  it('never yields NaN: an empty file, unknown ETA', () => {
    const empty = job({ id: 'a', state: 'uploading', file: { path: '/x', name: 'x', size: 0 } })
    const v = progressView(empty, { sent: 0, total: 0, speed: 0, etaSeconds: null, at: 0, since: 0, movedAt: 0 }, 10_000)
    expect(v?.percent).toBe(0)
    expect(v?.etaSeconds).toBeNull()
  })

  it('reaches 100 only when every byte is sent, and holds while paused', () => {
    expect(progressView(j, { sent: 999, total: 1000, speed: 1, etaSeconds: 1, at: 0, since: 0, movedAt: 0 }, 0)?.percent).toBe(99)
    expect(progressView(job({ ...j, state: 'finishing' }), undefined, 0)?.percent).toBe(100)
    expect(progressView(job({ ...j, state: 'paused', bytesSent: 420 }), undefined, 0)?.percent).toBe(42)
  })

  it('reads as stalled after 20 s without new bytes', () => {
    const p = { sent: 500, total: 1000, speed: 0, etaSeconds: null, at: 0, since: 0, movedAt: 0 }
    expect(progressView(j, p, 19_000)?.stalled).toBe(false)
    expect(progressView(j, p, 20_000)?.stalled).toBe(true)
  })

  it('rounds time left for people', () => {
    expect(roundEta(42)).toBe(45)
    expect(roundEta(185)).toBe(180)
    expect(roundEta(5000)).toBe(5100)
  })
})

describe('lists', () => {
  const state = {
    order: ['a', 'b', 'c'],
    jobs: {
      a: job({ id: 'a', state: 'uploading' }),
      b: job({ id: 'b', state: 'failed' }),
      c: job({ id: 'c', state: 'completed' })
    },
    settings: SETTINGS
  }

  it('filters the queue tabs and counts them', () => {
    expect(selectJobIds(state, 'all')).toEqual(['a', 'b', 'c'])
    expect(selectJobIds(state, 'active')).toEqual(['a'])
    expect(selectJobIds(state, 'attention')).toEqual(['b'])
    expect(selectCounts(state)).toEqual({ all: 3, active: 1, attention: 1, uploading: 1 })
  })

  it('puts every state in the tab the table says: Active moves on by itself, Needs attention waits on a problem', () => {
    const every = { order: [...JOB_STATES], jobs: Object.fromEntries(JOB_STATES.map((state) => [state, job({ id: state, state })])), settings: SETTINGS }
    expect(selectJobIds(every, 'active')).toEqual(['queued', 'validating', 'ready', 'uploading', 'finishing', 'waiting-for-network', 'retrying'])
    expect(selectJobIds(every, 'attention')).toEqual(['needs-fixing', 'has-warnings', 'key-needed', 'failed'])
    // Uploads that wait for Start are the person's to start, not the queue's.
    expect(selectJobIds({ ...every, settings: { ...SETTINGS, autoStart: false } }, 'active')).not.toContain('ready')
  })

  it('treats "only the sandbox, no jobs" as the first run', () => {
    expect(isFirstRun({ order: [], accounts: [account()], activeAccountId: null })).toBe(true)
    expect(isFirstRun({ order: [], accounts: [account(), account({ id: 'w', provider: 'openai' })], activeAccountId: null })).toBe(false)
    // Having tried the sandbox, a reload (or a restart of the host) opens the queue, not Welcome again.
    expect(isFirstRun({ order: [], accounts: [account()], activeAccountId: 'sandbox' })).toBe(false)
  })
})

describe('selectFilesCount', () => {
  it('reads "{n}+ files" while pages remain, "{n} files" once all are loaded, nothing before the first page', () => {
    const items = Array.from({ length: 300 }, (_, i) => remoteFile({ id: `file-${i}` }))
    const say = (files: Parameters<typeof selectFilesCount>[0]) => {
      const c = selectFilesCount(files)
      return c && tr.tp(c.key, c.n)
    }
    expect(say({ status: 'loading', items: [], hasMore: false })).toBeNull()
    expect(say({ status: 'ready', items, hasMore: true })).toBe('300+ files')
    expect(say({ status: 'ready', items, hasMore: false })).toBe('300 files')
    expect(say({ status: 'ready', items: items.slice(0, 1), hasMore: false })).toBe('1 file')
    expect(tr.tp('files.searched', 300)).toBe('Searched 300 of 300+ files.')
  })
})
