// The jobs slice: the queue as the host's events tell it, the selection, and the job commands. A command's answer names the
// jobs it acted on and nothing more: their new state arrives as `job` / `jobRemoved` events (connection.ts folds them).
import type { JobIds, Result } from '../../../../shared/api'
import type { ValidationReport } from '../../../../shared/validation'
import { initialJobs, type JobsState } from '../state'
import type { SliceContext } from './context'

export interface JobsActions {
  addPaths(paths: string[], accountId?: string): Promise<boolean>
  /** Queues Ferry's two sample files for the sandbox. */
  addSampleFiles(): Promise<boolean>
  addDroppedFiles(files: File[], accountId?: string): Promise<boolean>
  /** The OS's open dialog (desktop app), then queues what was chosen. */
  chooseFiles(accountId?: string): Promise<boolean>
  setPurpose(jobId: string, purpose: string): Promise<void>
  validationReport(jobId: string, all?: boolean): Promise<Result<ValidationReport>>
  recheck(ids: string[]): Promise<void>
  startJobs(ids: string[]): Promise<void>
  pauseJobs(ids: string[]): Promise<void>
  resumeJobs(ids: string[]): Promise<void>
  cancelJobs(ids: string[]): Promise<void>
  retryJobs(ids: string[]): Promise<void>
  removeJobs(ids: string[]): Promise<void>
  setSelection(ids: string[]): void
  toggleSelected(id: string): void
}

export interface JobsSlice extends JobsState {
  selection: string[]
}

export function createJobsSlice({ bridge, set, get, toast, fail, tr }: SliceContext) {
  /** A job command: only a refusal is ours to show; what changed comes as events. */
  const command = async (call: Promise<Result<JobIds>>): Promise<void> => {
    const r = await call
    if (!r.ok) fail(r.error)
  }
  /** Files handed to the host: counted in a toast; their rows appear with their events. True when the host took them. */
  const queued = (r: Result<JobIds>): boolean => {
    if (!r.ok) {
      fail(r.error)
      return false
    }
    toast(tr().tp('queue.added', r.value.jobIds.length))
    return true
  }

  const actions: JobsActions = {
    async addPaths(paths, accountId) {
      const clean = paths.map((p) => p.trim().replace(/^["']|["']$/g, '')).filter((p) => p.length > 0)
      if (clean.length === 0) return false
      return queued(await bridge.addFiles({ paths: clean, accountId: accountId ?? get().activeAccountId ?? undefined }))
    },
    async addSampleFiles() {
      return queued(await bridge.addSampleFiles())
    },
    async addDroppedFiles(files, accountId) {
      const paths: string[] = []
      for (const f of files) {
        const p = bridge.pathForFile(f)
        if (p) paths.push(p)
      }
      if (paths.length === 0) {
        toast(tr().t('queue.noPath'), 'error')
        return false
      }
      return actions.addPaths(paths, accountId)
    },
    async chooseFiles(accountId) {
      const r = await bridge.chooseFiles()
      if (!r.ok) {
        fail(r.error)
        return false
      }
      return r.value.paths.length > 0 && actions.addPaths(r.value.paths, accountId)
    },
    setPurpose: (jobId, purpose) => command(bridge.setPurpose({ jobId, purpose })),
    validationReport: (jobId, all) => bridge.validationReport(all ? { jobId, all } : { jobId }),
    recheck: (ids) => command(bridge.recheck({ jobIds: ids })),
    startJobs: (ids) => command(bridge.startJobs({ jobIds: ids })),
    pauseJobs: (ids) => command(bridge.pauseJobs({ jobIds: ids })),
    resumeJobs: (ids) => command(bridge.resumeJobs({ jobIds: ids })),
    cancelJobs: (ids) => command(bridge.cancelJobs({ jobIds: ids })),
    retryJobs: (ids) => command(bridge.retryJobs({ jobIds: ids })),
    removeJobs: (ids) => command(bridge.removeJobs({ jobIds: ids })),
    setSelection: (ids) => set({ selection: ids }),
    toggleSelected: (id) => set((s) => ({ selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] }))
  }

  const state: JobsSlice = { ...initialJobs(), selection: [] }
  return { state, actions }
}
