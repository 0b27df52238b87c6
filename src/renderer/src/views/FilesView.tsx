// Files: the active account's remote files, a page at a time as you scroll — filter, search, copy ID, download, delete.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ProviderId } from '../../../shared/api'
import { describeError, providerName, purposeName } from '../../../shared/messages'
import { ConfirmDialog } from '../components/Dialog'
import { Icon } from '../components/Icon'
import { useActions, useFerry, useNow, useT } from '../context'
import { observeRectWithFallback } from '../lib/virtual'
import { selectActiveAccount, selectFilesCount } from '../store/selectors'
import { DownloadDialog, DownloadProgress, DownloadStatusLine, ExistsDialog } from './files/Downloads'
import { FILE_ROW_HEIGHT, FileRow } from './files/FileRow'
import { useDownload } from './files/useDownload'
import { useGridKeyboard } from './files/useGridKeyboard'
import { usePaging } from './files/usePaging'
import { PURPOSES } from '../../../shared/purposes'

const MAX_NAMES = 5

export function FilesView({ initialQuery }: { initialQuery: string }) {
  const tr = useT()
  const { t } = tr
  const actions = useActions()
  const account = useFerry(selectActiveAccount)
  const files = useFerry((s) => s.files)
  const online = useFerry((s) => s.online)
  const [query, setQuery] = useState(initialQuery)
  const [selected, setSelected] = useState<string[]>([])
  const [confirming, setConfirming] = useState(false)
  const now = useNow(30_000)
  const scroller = useRef<HTMLDivElement>(null)
  const download = useDownload(account)

  const accountId = account?.id ?? null
  useEffect(() => setSelected([]), [accountId])
  useEffect(() => setQuery(initialQuery), [initialQuery])

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

  const virtualizer = useVirtualizer({
    // Off while a first page loads: a new filter or a Refresh starts at the top, not where the old list was scrolled to.
    enabled: files.status !== 'loading',
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => FILE_ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1000, height: 800 },
    observeElementRect: observeRectWithFallback
  })
  usePaging({ accountId, files, searching, rows: visible.length, lastRendered: virtualizer.getVirtualItems().at(-1)?.index ?? -1 })

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))
  const keys = useGridKeyboard({
    rows: visible,
    virtualizer,
    scroller,
    onToggle: toggle,
    onCopy: (id) => void actions.copyId(id),
    onDelete: (id) => {
      if (!selected.includes(id)) setSelected([id])
      setConfirming(true)
    }
  })

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
  const partial = mine && files.status === 'ready' && files.hasMore
  const changePurpose = (next: string) => {
    setSelected([])
    void actions.loadFiles({ purpose: next })
  }
  const clearFilters = () => {
    setQuery('')
    if (purpose) changePurpose('')
  }
  const doDelete = async () => {
    setConfirming(false)
    const r = await actions.deleteFiles(selectedFiles.map((f) => f.id))
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
            {loading ? t('files.loading') : count ? tr.tp(count.key, count.n) : ''}
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

      {download.status && <DownloadStatusLine status={download.status} onAgain={(f) => void download.start(f)} onDismiss={download.dismiss} />}
      <DownloadProgress items={items} />

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
            onKeyDown={keys.onKeyDown}
          >
            <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const f = visible[item.index]
                if (!f) return null
                return (
                  <FileRow
                    key={f.id}
                    file={f}
                    index={item.index}
                    style={{ transform: `translateY(${item.start}px)`, height: FILE_ROW_HEIGHT }}
                    active={item.index === keys.tabStop}
                    selected={selected.includes(f.id)}
                    now={now}
                    online={online}
                    onFocusRow={keys.setActiveIndex}
                    onToggle={toggle}
                    onCopy={(id) => void actions.copyId(id)}
                    onDownload={(file) => void download.start(file)}
                  />
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

      {download.asking && <DownloadDialog file={download.asking} onClose={download.cancelAsking} onSave={download.saveTo} />}
      {download.exists && <ExistsDialog name={download.exists.name} onAnswer={(choice) => void download.answer(choice)} />}
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
