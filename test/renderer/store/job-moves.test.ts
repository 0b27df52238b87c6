import { describe, expect, it } from 'vitest'
import { JOB_STATES, type JobAction, type JobState } from '../../../src/shared/jobs'
import { can, type JobEvent } from '../../../src/shared/lifecycle'
import { jobActions, offersRemove, selectionTargets, underWay } from '../../../src/renderer/src/store/job-moves'
import { job } from '../fake-bridge'

/** The lifecycle event each row button asks the table for. */
const EVENT: Partial<Record<JobAction, JobEvent>> = {
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
  retry: 'retry',
  retryNow: 'retry',
  uploadAgain: 'retry',
  uploadAnyway: 'approve',
  start: 'approve',
  checkAgain: 'check',
  startOver: 'check'
}

describe('jobActions', () => {
  it('offers the actions of each state (UI.md §2, as the lifecycle table allows)', () => {
    const row = (state: JobState, autoStart = true) => jobActions(job({ id: 'a', state }), autoStart)
    expect(row('queued')).toEqual(['pause', 'remove'])
    expect(row('validating')).toEqual(['remove'])
    expect(row('needs-fixing')).toEqual(['showProblems', 'checkAgain', 'remove'])
    expect(row('has-warnings')).toEqual(['review', 'uploadAnyway', 'remove'])
    expect(row('ready')).toEqual(['pause', 'remove'])
    expect(row('ready', false)).toEqual(['start', 'remove'])
    expect(row('uploading')).toEqual(['pause', 'cancel'])
    expect(row('paused')).toEqual(['resume', 'cancel'])
    expect(row('waiting-for-network')).toEqual(['retryNow', 'pause', 'cancel'])
    expect(row('retrying')).toEqual(['retryNow', 'pause', 'cancel'])
    expect(row('finishing')).toEqual([])
    expect(row('key-needed')).toEqual(['fixKey', 'retry', 'remove'])
    expect(row('completed')).toEqual(['remove'])
    expect(jobActions(job({ id: 'a', state: 'completed', remoteId: 'f' }), true)).toEqual(['copyId', 'showInFiles', 'remove'])
    expect(row('failed')).toEqual(['retry', 'remove'])
    expect(row('cancelled')).toEqual(['uploadAgain', 'remove'])
    expect(jobActions(job({ id: 'a', state: 'failed', error: { code: 'auth_failed', message: '', hint: '' } }), true)[0]).toBe('fixKey')
    expect(jobActions(job({ id: 'a', state: 'failed', error: { code: 'source_changed', message: '', hint: '' } }), true)[0]).toBe('startOver')
  })

  it('never offers a move the lifecycle table refuses, in any state', () => {
    for (const state of JOB_STATES)
      for (const autoStart of [true, false])
        for (const a of jobActions(job({ id: 'a', state, remoteId: 'f' }), autoStart)) {
          const event = EVENT[a]
          if (event) expect(can(state, event), `${a} on ${state}`).toBe(true)
        }
  })

  it('never offers "Upload anyway" for errors', () => {
    for (const state of ['needs-fixing', 'failed', 'queued'] as const) expect(jobActions(job({ id: 'a', state }), true)).not.toContain('uploadAnyway')
  })

  it('offers one way out per row: Cancel while an upload is under way, Remove otherwise; neither while finishing', () => {
    for (const state of JOB_STATES) {
      const offered = jobActions(job({ id: 'a', state }), true)
      expect(offered.includes('cancel') && offered.includes('remove'), state).toBe(false)
      if (state !== 'finishing') expect(offered.includes('cancel') || offered.includes('remove'), state).toBe(true)
    }
  })
})

describe('underWay', () => {
  it('is where a bar is shown: a run owns the job, or it is paused part-way', () => {
    expect(JOB_STATES.filter(underWay)).toEqual(['uploading', 'finishing', 'paused', 'waiting-for-network', 'retrying'])
  })
})

describe('selectionTargets', () => {
  it('applies selection actions only to the jobs that can take them', () => {
    const jobs = [job({ id: 'a', state: 'uploading' }), job({ id: 'b', state: 'paused' }), job({ id: 'c', state: 'has-warnings' })]
    expect(selectionTargets(jobs, 'pause', true)).toEqual(['a'])
    expect(selectionTargets(jobs, 'resume', true)).toEqual(['b'])
    expect(selectionTargets(jobs, 'uploadAnyway', true)).toEqual(['c'])
    expect(selectionTargets(jobs, 'remove', true)).toEqual(['b', 'c'])
  })

  it('retries what the table lets go again, and removes nothing a run still owns', () => {
    const jobs = JOB_STATES.map((state) => job({ id: state, state }))
    expect(selectionTargets(jobs, 'retry', true)).toEqual(['waiting-for-network', 'retrying', 'key-needed', 'failed', 'cancelled'])
    expect(JOB_STATES.filter((s) => !offersRemove(s))).toEqual(['uploading', 'finishing', 'waiting-for-network', 'retrying'])
  })
})
