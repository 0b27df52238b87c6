// Files: the active account's remote files, a page at a time as you scroll — filter, search, copy ID, download, delete.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { ProviderId, RemoteFileView } from '../../../shared/api'
import { ConfirmDialog } from '../components/Dialog'
import { Icon } from '../components/Icon'
import { useActions, useFerry, useNow, useT } from '../context'
import { describeError, providerName, purposeName } from '../../../shared/messages'
import { createdText, expiresText } from '../lib/time'
import { observeRectWithFallback } from '../lib/virtual'
import { selectActiveAccount, selectFilesCount } from '../store/selectors'
import { PURPOSES } from './queue/JobRow'

const ROW = 44
const MAX_NAMES = 5
/** The next page is asked for once the rendered rows come this close to the last loaded one. */
const NEAR_END = 20

export function FilesView({ initialQuery }: { initialQuery: string }) {
  const tr = useT()
  const { t } = tr
  const actions = useActions()
  const account = useFerry(selectActiveAccount)
  const files = useFerry((s) => s.files)
  const online = useFerry((s) => s.online)
  const downloads = useFerry((s) => s.downloads)
  const nativeDialogs = useFerry((s) => s.nativeDialogs)
  const [query, setQuery] = useState(initialQuery)
  const [selected, setSelected] = useState<string[]>([])
  const [confirming, setConfirming] = useState(false)
  const [downloadFor, setDownloadFor] = useState<RemoteFileView | null>(null)
  // After a download: where it went (Show in folder), or for a full disk the file to save elsewhere (Choose folder…).
  const [status, setStatus] = useState<{ text: string; tone: 'success' | 'neutral' | 'danger'; path?: string; again?: RemoteFileView } | null>(null)
  const now = useNow(30_000)
  const scroller = useRef<HTMLDivElement>(null)
  const [activeIndex, setActiveIndex] = useState(0)

  const download = async (file: RemoteFileView, dest: string): Promise<void> => {
    const r = await actions.downloadFile(file.id, dest)
    if (r.ok) return setStatus({ text: t('files.saved', { path: r.value.path }), tone: 'success', path: r.value.path })
    if (r.error.code === 'download_cancelled') return setStatus({ text: t('files.downloadCancelled', { name: file.filename }), tone: 'neutral' })
    const msg = describeError(tr, r.error, { provider: account?.provider ?? 'sandbox', account: account?.name ?? '', name: file.filename })
    setStatus({ text: `${msg.title} ${msg.body}`, tone: 'danger', ...(r.error.code === 'disk_full' ? { again: file } : {}) })
  }
  // The desktop app asks the OS where to save; the browser host asks for a typed path.
  const startDownload = async (file: RemoteFileView): Promise<void> => {
    if (!nativeDialogs) return setDownloadFor(file)
    const dest = await actions.chooseSavePath(file.filename)
    if (dest) await download(file, dest)
  }

  const accountId = account?.id ?? null
  useEffect(() => {
    setSelected([])
    void actions.loadFiles({ purpose: '' })
  }, [accountId, actions])
  useEffect(() => {
    setQuery(initialQuery)
  }, [initialQuery])

  const mine = files.accountId === accountId
  const items = mine ? files.items : []
  const purpose = mine ? files.purpose : ''
  // The provider filters by purpose, so every purpose is offered, not only those among the loaded rows.
  const purposes = useMemo(() => [...new Set([...PURPOSES, ...items.map((f) => f.purpose), ...(purpose ? [purpose] : [])])].sort(), [items, purpose])
  const searching = query.trim() !== ''
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase()
    return items.filter((f) => (!purpose || f.purpose === purpose) && (!q || f.filename.toLowerCase().includes(q) || f.id.toLowerCase().startsWith(q) || f.id.toLowerCase().includes(q)))
  }, [items, query, purpose])

  const reloading = files.status === 'loading'
  const virtualizer = useVirtualizer({
    // Off while a first page loads: a new filter or a Refresh starts at the top, not where the old list was scrolled to.
    enabled: !reloading,
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    initialRect: { width: 1000, height: 800 },
    observeElementRect: observeRectWithFallback
  })

  // Scrolled near the last loaded row: ask for the next page. A search looks only at loaded rows (Search all loads the rest).
  const lastRendered = virtualizer.getVirtualItems().at(-1)?.index ?? -1
  const wantMore = mine && files.status === 'ready' && files.hasMore && !files.loadingMore && !files.moreError && !searching && lastRendered >= visible.length - NEAR_END
  useEffect(() => {
    if (wantMore) void actions.loadMoreFiles()
  }, [wantMore, actions])

  if (!account) {
    return (
      <div className="view">
        <h1>{t('files.title')}</h1>
        <p className="empty muted">{t('files.noAccount')}</p>
      </div>
    )
  }

  const selectedFiles = items.filter((f) => selected.includes(f.id))
  const loading = files.status === 'loading' || (files.status === 'idle' && items.length === 0)
  const count = mine ? selectFilesCount(files) : null
  const countText = count ? tr.tp(count.key, count.n) : ''
  const partial = mine && files.status === 'ready' && files.hasMore
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))
  const changePurpose = (next: string) => {
    setSelected([])
    void actions.loadFiles({ purpose: next })
  }
  const clearFilters = () => {
    setQuery('')
    if (purpose) changePurpose('')
  }

  const onGridKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    if (target.getAttribute('role') !== 'row') return
    const move = (i: number) => {
      e.preventDefault()
      const idx = Math.max(0, Math.min(visible.length - 1, i))
      setActiveIndex(idx)
      virtualizer.scrollToIndex(idx)
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${idx}"]`)?.focus())
    }
    const f = visible[activeIndex]
    if (e.key === 'ArrowDown') move(activeIndex + 1)
    else if (e.key === 'ArrowUp') move(activeIndex - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(visible.length - 1)
    else if (e.key === ' ' && f) {
      e.preventDefault()
      toggle(f.id)
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && f) {
      e.preventDefault()
      void actions.copyId(f.id)
    } else if (e.key === 'Delete' && f) {
      e.preventDefault()
      if (!selected.includes(f.id)) setSelected([f.id])
      setConfirming(true)
    }
  }

  const doDelete = async () => {
    const ids = selectedFiles.map((f) => f.id)
    setConfirming(false)
    const r = await actions.deleteFiles(ids)
    if (r) setSelected((s) => s.filter((id) => !r.deleted.includes(id)))
  }

  return (
    <div className="view files-view">
      <div className="view-head">
        <h1>{t('files.heading', { account: account.name })}</h1>
        <div className="filters">
          <div className="field inline">
            <label htmlFor="files-purpose">{t('files.purposeFilter')}</label>
            <select id="files-purpose" value={purpose} onChange={(e) => changePurpose(e.target.value)}>
              <option value="">{t('files.purposeAll')}</option>
              {purposes.map((p) => (
                <option key={p} value={p}>
                  {purposeName(tr, p)}
                </option>
              ))}
            </select>
          </div>
          <div className="field inline">
            <label htmlFor="files-search">{t('files.search')}</label>
            <input
              id="files-search"
              type="search"
              data-search
              value={query}
              placeholder={t('files.searchPlaceholder')}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <span className="files-count" role="status">
            {loading ? t('files.loading') : countText}
          </span>
          <button type="button" className="btn" disabled={!online} onClick={() => void actions.loadFiles()}>
            {t('files.refresh')}
          </button>
        </div>
      </div>

      {searching && partial && (
        <p className="inline-status files-scope">
          {tr.tp('files.searched', items.length)}
          <button type="button" className="btn btn-small" disabled={!online || files.loadingMore} onClick={() => void actions.loadMoreFiles({ all: true })}>
            {t('files.searchAll')}
          </button>
        </p>
      )}

      {selectedFiles.length > 0 && (
        <div role="toolbar" aria-label={t('selection.label')} className="selection-bar">
          <span className="selection-count">{tr.tp('selection.count', selectedFiles.length)}</span>
          <button type="button" className="btn btn-small btn-danger" disabled={!online} onClick={() => setConfirming(true)}>
            <Icon name="trash" /> {t('files.delete')}
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setSelected([])}>
            {t('selection.clear')}
          </button>
        </div>
      )}

      {status && (
        <p className={`inline-status tone-${status.tone}`} role="status">
          {status.text}
          {nativeDialogs && status.path && (
            <button type="button" className="btn btn-small" onClick={() => void actions.showInFolder(status.path!)}>
              {t('files.showInFolder')}
            </button>
          )}
          {nativeDialogs && status.again && (
            <button type="button" className="btn btn-small" onClick={() => void startDownload(status.again!)}>
              {t('action.chooseFolder')}
            </button>
          )}
          <button type="button" className="btn-icon" aria-label={t('action.dismiss')} onClick={() => setStatus(null)}>
            <Icon name="close" />
          </button>
        </p>
      )}
      <DownloadProgress downloads={downloads} items={items} />

      {files.status === 'error' && files.error ? (
        <div className="empty" role="alert">
          <ErrorMessage code={files.error.code} message={files.error.message} hint={files.error.hint} account={account.name} provider={account.provider} />
          <button type="button" className="btn" onClick={() => void actions.loadFiles()}>
            {t('action.retry')}
          </button>
        </div>
      ) : loading ? (
        <div className="skeleton" aria-hidden="true">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="skeleton-row" />
          ))}
        </div>
      ) : items.length === 0 ? (
        <p className="empty muted">{t('files.empty', { account: account.name })}</p>
      ) : visible.length === 0 ? (
        <div className="empty">
          <p>{query.trim() ? t('files.noMatch', { q: query.trim() }) : t('files.noMatchFilter')}</p>
          <button type="button" className="btn" onClick={clearFilters}>
            {t('files.clearFilters')}
          </button>
        </div>
      ) : (
        <div className="grid-panel">
          <div className="files-head" aria-hidden="true">
            <span className="cell-select">
              <input
                type="checkbox"
                tabIndex={-1}
                checked={visible.every((f) => selected.includes(f.id))}
                onChange={(e) => setSelected(e.target.checked ? visible.map((f) => f.id) : [])}
              />
            </span>
            <span>{t('files.col.name')}</span>
            <span>{t('files.col.id')}</span>
            <span>{t('files.col.purpose')}</span>
            <span>{t('files.col.size')}</span>
            <span>{t('files.col.created')}</span>
            <span>{t('files.col.expires')}</span>
            <span />
          </div>
          <div
            ref={scroller}
            className="grid-scroll"
            role="grid"
            aria-label={t('files.list')}
            // -1 is ARIA's "total not known yet": more pages remain at the provider.
            aria-rowcount={partial && !searching ? -1 : visible.length}
            aria-multiselectable="true"
            onKeyDown={onGridKey}
          >
            <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const f = visible[item.index]
                if (!f) return null
                const isSel = selected.includes(f.id)
                const tab = item.index === Math.min(activeIndex, visible.length - 1) ? 0 : -1
                const exp = expiresText(tr, f.expiresAt, now)
                return (
                  <div
                    key={f.id}
                    role="row"
                    aria-rowindex={item.index + 1}
                    aria-selected={isSel}
                    data-index={item.index}
                    tabIndex={tab}
                    className={`file-row${isSel ? ' is-selected' : ''}`}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                    onFocus={() => setActiveIndex(item.index)}
                  >
                    <div role="gridcell" className="cell-select">
                      <input type="checkbox" tabIndex={tab} checked={isSel} aria-label={t('files.select', { name: f.filename })} onChange={() => toggle(f.id)} />
                    </div>
                    <div role="gridcell" className="cell-name" title={f.filename}>
                      {f.filename}
                    </div>
                    <div role="gridcell" className="cell-id">
                      <code className="file-id" title={f.id}>
                        {f.id}
                      </code>
                      <button type="button" tabIndex={tab} className="btn btn-small btn-primary" onClick={() => void actions.copyId(f.id)}>
                        {t('copyId')}
                      </button>
                    </div>
                    <div role="gridcell">{purposeName(tr, f.purpose)}</div>
                    <div role="gridcell" title={f.bytes === null ? undefined : tr.tp('row.bytes', f.bytes)}>
                      {f.bytes === null ? t('files.sizeUnknown') : tr.bytes(f.bytes)}
                    </div>
                    <div role="gridcell" title={tr.dateTime(f.createdAt < 1e11 ? f.createdAt * 1000 : f.createdAt)}>
                      {createdText(tr, f.createdAt, now)}
                    </div>
                    <div role="gridcell" className={exp.soon ? 'tone-attention' : undefined} title={exp.soon ? t('files.expiresSoon') : undefined}>
                      {exp.text}
                    </div>
                    <div role="gridcell" className="cell-actions">
                      <button type="button" tabIndex={tab} className="btn btn-small" disabled={!online} onClick={() => void startDownload(f)}>
                        {t('files.download')}
                      </button>
                    </div>
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      )}

      {confirming && selectedFiles.length > 0 && (
        <ConfirmDialog
          title={tr.tp('files.deleteTitle', selectedFiles.length, { account: account.name })}
          safeLabel={t('files.keep')}
          dangerLabel={tr.tp('files.deleteConfirm', selectedFiles.length)}
          onSafe={() => setConfirming(false)}
          onDanger={() => void doDelete()}
        >
          <p>{t('files.deleteBody', { provider: providerName(tr, account.provider) })}</p>
          <ul className="name-list">
            {selectedFiles.slice(0, MAX_NAMES).map((f) => (
              <li key={f.id}>{f.filename}</li>
            ))}
            {selectedFiles.length > MAX_NAMES && <li>{tr.tp('files.moreNames', selectedFiles.length - MAX_NAMES)}</li>}
          </ul>
        </ConfirmDialog>
      )}

      {downloadFor && (
        <DownloadDialog
          file={downloadFor}
          onClose={() => setDownloadFor(null)}
          onSave={async (dest) => {
            await download(downloadFor, dest)
            setDownloadFor(null)
          }}
        />
      )}
    </div>
  )
}

function ErrorMessage({ code, message, hint, account, provider }: { code: string; message: string; hint: string; account: string; provider: ProviderId }) {
  const tr = useT()
  const msg = describeError(tr, { code, message, hint }, { provider, account })
  return (
    <p>
      <strong>{msg.title}</strong> {msg.body}
    </p>
  )
}

function DownloadProgress({ downloads, items }: { downloads: Record<string, { received: number; total: number | null }>; items: RemoteFileView[] }) {
  const tr = useT()
  const actions = useActions()
  const entries = Object.entries(downloads)
  if (entries.length === 0) return null
  return (
    <div className="downloads">
      {entries.map(([id, d]) => {
        const name = items.find((f) => f.id === id)?.filename ?? id
        const text =
          d.total !== null && d.total > 0
            ? tr.t('files.downloading', { name, received: tr.bytes(d.received), total: tr.bytes(d.total) })
            : tr.t('files.downloadingPlain', { name, received: tr.bytes(d.received) })
        const pct = d.total !== null && d.total > 0 ? Math.min(100, Math.floor((d.received / d.total) * 100)) : undefined
        return (
          <div key={id} className="download">
            <div className="bar" role="progressbar" aria-label={name} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={text}>
              <div className="bar-fill" style={{ width: `${pct ?? 100}%` }} />
            </div>
            <span className="small">{text}</span>
            <button type="button" className="btn btn-small" aria-label={tr.t('files.cancelDownload', { name })} onClick={() => void actions.cancelDownload(id)}>
              {tr.t('form.cancel')}
            </button>
          </div>
        )
      })}
    </div>
  )
}

/** Where to save, typed (the browser host: a page cannot ask the OS for a path). */
function DownloadDialog({ file, onClose, onSave }: { file: RemoteFileView; onClose(): void; onSave(dest: string): Promise<void> }) {
  const { t } = useT()
  const [dest, setDest] = useState('')
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const before = useRef<Element | null>(null)

  useEffect(() => {
    before.current = document.activeElement
    input.current?.focus()
    return () => {
      const el = before.current as HTMLElement | null
      if (el && document.contains(el)) el.focus()
    }
  }, [])

  const submit = async () => {
    if (!dest.trim()) return
    setBusy(true)
    await onSave(dest.trim())
  }

  return (
    <div className="overlay">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="download-title"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            onClose()
          }
        }}
      >
        <h2 id="download-title" className="dialog-title">
          {t('files.downloadTitle', { name: file.filename })}
        </h2>
        <div className="field">
          <label htmlFor="download-dest">{t('files.downloadTo')}</label>
          <input
            ref={input}
            id="download-dest"
            type="text"
            value={dest}
            placeholder={`/home/me/Downloads/${file.filename}`}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setDest(e.target.value)}
          />
        </div>
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !dest.trim()}>
            {t('files.downloadStart')}
          </button>
        </div>
      </form>
    </div>
  )
}
