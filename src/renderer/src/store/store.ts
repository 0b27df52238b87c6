// The zustand store: engine projection (reducers.ts) + UI state, and the actions that call the bridge.
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AccountInput, AccountView, FerryBridge, FerryEvent, JobView, RemoteFilePage, RemoteFileView, Result, Settings } from '../../../shared/api'
import type { ErrorInfo } from '../../../shared/errors'
import type { ValidationReport } from '../../../shared/validation'
import { createTranslator, type Translator } from '../../../shared/locale'
import { applyEvent, applyJob, applyProgress, applySnapshot, dismissNotice, removeJobs, type ProgressEvent } from './reducers'
import { emptyFiles, initialEngineState, type EngineState, type FilesState, type Toast } from './state'
import { createProgressThrottle, realClock, type Clock, type ProgressThrottle } from './throttle'

export interface Actions {
  /** Loads the snapshot and follows the engine's events; returns the unsubscribe. */
  connect(): () => void
  reload(): Promise<void>
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
  copyId(id: string): Promise<void>
  toast(text: string, tone?: Toast['tone']): void
  dismissToast(id: number): void
  dismissNotice(index: number): void
  /** Loads the first page of the active account's files; `purpose` changes the filter (default: keep it). */
  loadFiles(opts?: { purpose?: string }): Promise<void>
  /** Loads the next page (scrolling), or every page left (`all`: Search all). */
  loadMoreFiles(opts?: { all?: boolean }): Promise<void>
  deleteFiles(ids: string[]): Promise<{ deleted: string[]; failed: number } | null>
  downloadFile(id: string, destPath: string): Promise<Result<{ path: string; bytes: number }>>
  /** The OS's save dialog (desktop app): a path, or null when cancelled or failed (said in a toast). */
  chooseSavePath(name: string): Promise<string | null>
  showInFolder(path: string): Promise<void>
  cancelDownload(id: string): Promise<void>
  addAccount(input: AccountInput): Promise<Result<AccountView>>
  updateAccount(id: string, patch: Partial<AccountInput>): Promise<Result<AccountView>>
  removeAccount(id: string): Promise<boolean>
  setActiveAccount(id: string): Promise<boolean>
  testAccount(id: string): Promise<Result<{ files: number }>>
  updateSettings(patch: Partial<Settings>): Promise<boolean>
}

export interface FerryStoreState extends EngineState {
  loadError: ErrorInfo | null
  selection: string[]
  toasts: Toast[]
  files: FilesState
  actions: Actions
}

export type FerryStore = StoreApi<FerryStoreState>

/** Files per page as the person scrolls (UI.md §4). */
export const FILES_PAGE = 100

export interface StoreOptions {
  clock?: Clock
  /** Progress delivery interval (ms); UI.md §2 asks for at most 2 updates a second. */
  progressIntervalMs?: number
  clipboard?: (text: string) => Promise<boolean>
}

export function createFerryStore(bridge: FerryBridge, opts: StoreOptions = {}): FerryStore {
  const clock = opts.clock ?? realClock
  const copy = opts.clipboard ?? copyToClipboard
  let toastSeq = 0
  let throttle: ProgressThrottle | null = null
  // Bumped by every first-page load: a page that answers after a Refresh or a new filter is dropped.
  let filesGen = 0

  return createStore<FerryStoreState>()((set, get) => {
    const tr = (): Translator => createTranslator(get().settings.language)
    const engine = (fn: (s: EngineState) => EngineState): void => set((s) => ({ ...s, ...fn(s) }))
    const toast = (text: string, tone: Toast['tone'] = 'info'): void => {
      const id = ++toastSeq
      set((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, tone }] }))
      clock.setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), tone === 'error' ? 10_000 : 5_000)
    }
    const fail = (error: ErrorInfo): void => toast([error.message, error.hint].filter(Boolean).join(' '), 'error')
    const applyJobs = (jobs: JobView[]): void => {
      for (const j of jobs) throttle?.drop(j.id)
      const at = clock.now()
      engine((s) => jobs.reduce((acc, j) => applyJob(acc, j, at), s))
    }
    /** Files just added: shown at once and counted in a toast; true when the host took them. */
    const queued = (r: Result<JobView[]>): boolean => {
      if (!r.ok) {
        fail(r.error)
        return false
      }
      applyJobs(r.value)
      toast(tr().tp('queue.added', r.value.length))
      return true
    }
    const jobVerb = async (call: () => Promise<Result<JobView[]>>): Promise<void> => {
      const r = await call()
      if (r.ok) applyJobs(r.value)
      else fail(r.error)
    }
    const onEvent = (ev: FerryEvent): void => {
      if (ev.type === 'progress') {
        throttle?.push(ev)
        return
      }
      if (ev.type === 'job') throttle?.drop(ev.job.id)
      if (ev.type === 'jobRemoved') throttle?.drop(ev.jobId)
      const at = clock.now()
      engine((s) => applyEvent(s, ev, at))
      if (ev.type === 'jobRemoved') set((s) => ({ selection: s.selection.filter((id) => id !== ev.jobId) }))
    }

    const actions: Actions = {
      connect() {
        const early: FerryEvent[] = []
        let loaded = false
        throttle = createProgressThrottle(
          (events: ProgressEvent[]) => {
            const at = clock.now()
            engine((s) => applyProgress(s, events, at))
          },
          opts.progressIntervalMs ?? 500,
          clock
        )
        const off = bridge.onEvent((ev) => (loaded ? onEvent(ev) : early.push(ev)))
        void (async () => {
          const r = await bridge.snapshot()
          if (!r.ok) {
            set({ loadError: r.error })
            return
          }
          const at = clock.now()
          engine((s) => applySnapshot(s, r.value, at))
          set({ loadError: null })
          loaded = true
          for (const ev of early.splice(0)) onEvent(ev)
        })()
        return () => {
          off()
          throttle?.dispose()
          throttle = null
        }
      },
      async reload() {
        const r = await bridge.snapshot()
        if (!r.ok) return set({ loadError: r.error })
        const at = clock.now()
        engine((s) => applySnapshot(s, r.value, at))
        set({ loadError: null })
      },
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
      async setPurpose(jobId, purpose) {
        const r = await bridge.setPurpose({ jobId, purpose })
        if (r.ok) applyJobs([r.value])
        else fail(r.error)
      },
      validationReport: (jobId, all) => bridge.validationReport(all ? { jobId, all } : { jobId }),
      recheck: (ids) => jobVerb(() => bridge.recheck({ jobIds: ids })),
      startJobs: (ids) => jobVerb(() => bridge.startJobs({ jobIds: ids })),
      pauseJobs: (ids) => jobVerb(() => bridge.pauseJobs({ jobIds: ids })),
      resumeJobs: (ids) => jobVerb(() => bridge.resumeJobs({ jobIds: ids })),
      cancelJobs: (ids) => jobVerb(() => bridge.cancelJobs({ jobIds: ids })),
      retryJobs: (ids) => jobVerb(() => bridge.retryJobs({ jobIds: ids })),
      async removeJobs(ids) {
        const r = await bridge.removeJobs({ jobIds: ids })
        if (!r.ok) return fail(r.error)
        const gone = new Set(r.value.removed)
        for (const id of gone) throttle?.drop(id)
        engine((s) => removeJobs(s, r.value.removed))
        set((s) => ({ selection: s.selection.filter((id) => !gone.has(id)) }))
      },
      setSelection: (ids) => set({ selection: ids }),
      toggleSelected: (id) => set((s) => ({ selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] })),
      async copyId(id) {
        const ok = await copy(id)
        toast(ok ? tr().t('toast.copied', { id }) : tr().t('toast.copyFailed'), ok ? 'info' : 'error')
      },
      toast,
      dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
      dismissNotice: (index) => engine((s) => dismissNotice(s, index)),
      async loadFiles(opts = {}) {
        const accountId = get().activeAccountId
        if (!accountId) return set({ files: emptyFiles(null) })
        const prev = get().files
        const purpose = opts.purpose ?? (prev.accountId === accountId ? prev.purpose : '')
        const gen = ++filesGen
        // Refresh keeps the rows it had (for the purpose list) until the answer comes.
        const kept = prev.accountId === accountId && prev.purpose === purpose ? prev.items : []
        set({ files: { ...emptyFiles(accountId, purpose), status: 'loading', items: kept } })
        const r = await bridge.listFilesPage({ accountId, limit: FILES_PAGE, ...(purpose ? { purpose } : {}) })
        if (gen !== filesGen || get().activeAccountId !== accountId) return
        if (!r.ok) return set({ files: { ...emptyFiles(accountId, purpose), status: 'error', error: r.error } })
        const more = nextPage(r.value)
        set({ files: { ...emptyFiles(accountId, purpose), status: 'ready', items: newestFirst(r.value.files), ...more } })
      },
      async loadMoreFiles({ all = false } = {}) {
        const start = get().files
        if (start.status !== 'ready' || !start.hasMore || start.loadingMore || !start.accountId) return
        const { accountId, purpose } = start
        const gen = filesGen
        set((s) => ({ files: { ...s.files, loadingMore: true, moreError: null } }))
        for (;;) {
          const after = get().files.after
          // Search all asks in the provider's own page size (up to 10,000) rather than a hundred at a time.
          const r = await bridge.listFilesPage({ accountId, ...(purpose ? { purpose } : {}), ...(after ? { after } : {}), ...(all ? {} : { limit: FILES_PAGE }) })
          if (gen !== filesGen) return
          if (!r.ok) {
            set((s) => ({ files: { ...s.files, loadingMore: false, moreError: r.error } }))
            return fail(r.error)
          }
          const more = nextPage(r.value)
          set((s) => {
            // A file made or deleted between two pages must not show twice.
            const seen = new Set(s.files.items.map((f) => f.id))
            const fresh = newestFirst(r.value.files).filter((f) => !seen.has(f.id))
            return { files: { ...s.files, items: [...s.files.items, ...fresh], ...more, loadingMore: all && more.hasMore } }
          })
          if (!all || !more.hasMore) return
        }
      },
      async deleteFiles(ids) {
        const accountId = get().files.accountId ?? undefined
        const r = await bridge.deleteFiles({ accountId, ids })
        if (!r.ok) {
          fail(r.error)
          return null
        }
        const gone = new Set(r.value.deleted)
        set((s) => {
          const items = s.files.items.filter((f) => !gone.has(f.id))
          // The next page begins after the last loaded file; if that one was deleted, after the last one left.
          const after = s.files.after !== null && gone.has(s.files.after) ? (items.at(-1)?.id ?? null) : s.files.after
          return { files: { ...s.files, items, after } }
        })
        if (r.value.deleted.length > 0) toast(tr().tp('files.deleted', r.value.deleted.length))
        if (r.value.failed.length > 0) toast(tr().tp('files.deleteFailed', r.value.failed.length), 'error')
        return { deleted: r.value.deleted, failed: r.value.failed.length }
      },
      async chooseSavePath(name) {
        const r = await bridge.chooseSavePath({ name })
        if (r.ok) return r.value.path
        fail(r.error)
        return null
      },
      async cancelDownload(id) {
        const r = await bridge.cancelDownload({ id })
        if (!r.ok) fail(r.error)
      },
      async showInFolder(path) {
        const r = await bridge.showInFolder({ path })
        if (!r.ok) fail(r.error)
      },
      async downloadFile(id, destPath) {
        const accountId = get().files.accountId ?? undefined
        set((s) => ({ downloads: { ...s.downloads, [id]: { received: 0, total: null } } }))
        const r = await bridge.downloadFile({ accountId, id, destPath })
        set((s) => {
          const downloads = { ...s.downloads }
          delete downloads[id]
          return { downloads }
        })
        return r
      },
      async addAccount(input) {
        const r = await bridge.addAccount(input)
        if (r.ok) set((s) => ({ accounts: upsert(s.accounts, r.value) }))
        return r
      },
      async updateAccount(id, patch) {
        const r = await bridge.updateAccount({ id, patch })
        if (r.ok) set((s) => ({ accounts: upsert(s.accounts, r.value) }))
        return r
      },
      async removeAccount(id) {
        const r = await bridge.removeAccount({ id })
        if (!r.ok) {
          fail(r.error)
          return false
        }
        set((s) => ({ accounts: s.accounts.filter((a) => a.id !== id), activeAccountId: s.activeAccountId === id ? null : s.activeAccountId }))
        return true
      },
      async setActiveAccount(id) {
        const r = await bridge.setActiveAccount({ id })
        if (!r.ok) {
          fail(r.error)
          return false
        }
        set({ activeAccountId: r.value.activeAccountId })
        return true
      },
      testAccount: (id) => bridge.testAccount({ id }),
      async updateSettings(patch) {
        const before = get().settings
        set({ settings: { ...before, ...patch } })
        const r = await bridge.updateSettings(patch)
        if (!r.ok) {
          set({ settings: before })
          fail(r.error)
          return false
        }
        set({ settings: r.value })
        return true
      }
    }

    return {
      ...initialEngineState(),
      loadError: null,
      selection: [],
      toasts: [],
      files: emptyFiles(null),
      actions
    }
  })
}

/** Where the next page begins; a page that says "more" without a cursor ends the listing rather than restarting it. */
function nextPage(page: RemoteFilePage): Pick<FilesState, 'hasMore' | 'after'> {
  return page.hasMore && page.after ? { hasMore: true, after: page.after } : { hasMore: false, after: null }
}

function newestFirst(files: RemoteFileView[]): RemoteFileView[] {
  return [...files].sort((a, b) => b.createdAt - a.createdAt)
}

function upsert(list: AccountView[], a: AccountView): AccountView[] {
  const i = list.findIndex((x) => x.id === a.id)
  if (i < 0) return [...list, a]
  const out = list.slice()
  out[i] = a
  return out
}

/** Copies text: the async Clipboard API, or a hidden textarea where that is refused. */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // fall through to the textarea route
  }
  try {
    const ta = document.createElement('textarea')
    ta.value = text
    ta.setAttribute('readonly', '')
    ta.style.position = 'fixed'
    ta.style.opacity = '0'
    document.body.appendChild(ta)
    ta.select()
    const ok = document.execCommand('copy')
    ta.remove()
    return ok
  } catch {
    return false
  }
}
