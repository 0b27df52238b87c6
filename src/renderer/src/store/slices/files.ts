// The files slice: the active account's remote files, a page at a time, and downloads (their progress comes as events).
import type { IfExists, RemoteFilePage, RemoteFileView, Result } from '../../../../shared/api'
import { emptyFiles, initialDownloads, type DownloadsState, type FilesState } from '../state'
import type { SliceContext } from './context'

export interface FilesActions {
  /** Loads the first page of the active account's files; `purpose` changes the filter (default: keep it). */
  loadFiles(opts?: { purpose?: string }): Promise<void>
  /** Loads the next page (scrolling), or every page left (`all`: Search all). */
  loadMoreFiles(opts?: { all?: boolean }): Promise<void>
  deleteFiles(ids: string[]): Promise<{ deleted: string[]; failed: number } | null>
  /** Saves a file; one already there answers `file_exists` unless `ifExists` says to replace it or keep both. */
  downloadFile(id: string, destPath: string, ifExists?: IfExists): Promise<Result<{ path: string; bytes: number }>>
  /** The OS's save dialog (desktop app): a path, or null when cancelled or failed (said in a toast). */
  chooseSavePath(name: string): Promise<string | null>
  showInFolder(path: string): Promise<void>
  cancelDownload(id: string): Promise<void>
}

export interface FilesSlice extends DownloadsState {
  files: FilesState
}

/** Files per page as the person scrolls (UI.md §4). */
const FILES_PAGE = 100

export function createFilesSlice({ bridge, set, get, toast, fail, tr }: SliceContext) {
  // Bumped by every first-page load: a page that answers after a Refresh or a new filter is dropped.
  let generation = 0

  const actions: FilesActions = {
    async loadFiles(opts = {}) {
      const accountId = get().activeAccountId
      if (!accountId) return set({ files: emptyFiles(null) })
      const prev = get().files
      const purpose = opts.purpose ?? (prev.accountId === accountId ? prev.purpose : '')
      const gen = ++generation
      // Refresh keeps the rows it had (for the purpose list) until the answer comes.
      const kept = prev.accountId === accountId && prev.purpose === purpose ? prev.items : []
      set({ files: { ...emptyFiles(accountId, purpose), status: 'loading', items: kept } })
      const r = await bridge.listFilesPage({ accountId, limit: FILES_PAGE, ...(purpose ? { purpose } : {}) })
      if (gen !== generation || get().activeAccountId !== accountId) return
      if (!r.ok) return set({ files: { ...emptyFiles(accountId, purpose), status: 'error', error: r.error } })
      set({ files: { ...emptyFiles(accountId, purpose), status: 'ready', items: newestFirst(r.value.files), ...nextPage(r.value) } })
    },
    async loadMoreFiles({ all = false } = {}) {
      const start = get().files
      if (start.status !== 'ready' || !start.hasMore || start.loadingMore || !start.accountId) return
      const { accountId, purpose } = start
      const gen = generation
      set((s) => ({ files: { ...s.files, loadingMore: true, moreError: null } }))
      for (;;) {
        const after = get().files.after
        // Search all asks in the provider's own page size (up to 10,000) rather than a hundred at a time.
        const r = await bridge.listFilesPage({ accountId, ...(purpose ? { purpose } : {}), ...(after ? { after } : {}), ...(all ? {} : { limit: FILES_PAGE }) })
        if (gen !== generation) return
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
    async downloadFile(id, destPath, ifExists) {
      const accountId = get().files.accountId ?? undefined
      set((s) => ({ downloads: { ...s.downloads, [id]: { received: 0, total: null } } }))
      const r = await bridge.downloadFile({ accountId, id, destPath, ...(ifExists ? { ifExists } : {}) })
      set((s) => {
        const downloads = { ...s.downloads }
        delete downloads[id]
        return { downloads }
      })
      return r
    },
    async chooseSavePath(name) {
      const r = await bridge.chooseSavePath({ name })
      if (r.ok) return r.value.path
      fail(r.error)
      return null
    },
    async showInFolder(path) {
      const r = await bridge.showInFolder({ path })
      if (!r.ok) fail(r.error)
    },
    async cancelDownload(id) {
      const r = await bridge.cancelDownload({ id })
      if (!r.ok) fail(r.error)
    }
  }

  const state: FilesSlice = { ...initialDownloads(), files: emptyFiles(null) }
  return { state, actions }
}

/** Where the next page begins; a page that says "more" without a cursor ends the listing rather than restarting it. */
function nextPage(page: RemoteFilePage): Pick<FilesState, 'hasMore' | 'after'> {
  return page.hasMore && page.after ? { hasMore: true, after: page.after } : { hasMore: false, after: null }
}

function newestFirst(files: RemoteFileView[]): RemoteFileView[] {
  return [...files].sort((a, b) => b.createdAt - a.createdAt)
}
