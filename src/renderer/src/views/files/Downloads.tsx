// The download pieces of the Files view: the running downloads' bars, the line saying how one ended, the typed-path dialog, and
// the question asked when a file is already where a download would go.
import { ConfirmDialog } from '../../components/Dialog'
import { useEffect, useRef, useState } from 'react'
import type { IfExists, RemoteFileView } from '../../../../shared/api'
import { Icon } from '../../components/Icon'
import { useActions, useFerry, useT } from '../../context'
import type { DownloadStatus } from './useDownload'

export function DownloadProgress({ items }: { items: RemoteFileView[] }) {
  const tr = useT()
  const actions = useActions()
  const downloads = useFerry((s) => s.downloads)
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

/** How the last download ended; the desktop app adds Show in folder, or Choose folder… after a full disk. */
export function DownloadStatusLine({ status, onAgain, onDismiss }: { status: DownloadStatus; onAgain(file: RemoteFileView): void; onDismiss(): void }) {
  const { t } = useT()
  const actions = useActions()
  const nativeDialogs = useFerry((s) => s.nativeDialogs)
  return (
    <p className={`inline-status tone-${status.tone}`} role="status">
      {status.text}
      {nativeDialogs && status.path && (
        <button type="button" className="btn btn-small" onClick={() => void actions.showInFolder(status.path!)}>
          {t('files.showInFolder')}
        </button>
      )}
      {nativeDialogs && status.again && (
        <button type="button" className="btn btn-small" onClick={() => onAgain(status.again!)}>
          {t('action.chooseFolder')}
        </button>
      )}
      <button type="button" className="btn-icon" aria-label={t('action.dismiss')} onClick={onDismiss}>
        <Icon name="close" />
      </button>
    </p>
  )
}

/** Where to save, typed (the browser host: a page cannot ask the OS for a path). */
export function DownloadDialog({ file, onClose, onSave }: { file: RemoteFileView; onClose(): void; onSave(dest: string): Promise<void> }) {
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

/** A file is already where the download would go: Cancel (focused, and Esc), Keep both ("name (1).jsonl") or Replace. */
export function ExistsDialog({ name, onAnswer }: { name: string; onAnswer(choice: IfExists | null): void }) {
  const { t } = useT()
  return (
    <ConfirmDialog
      title={t('files.exists.title', { name })}
      safeLabel={t('form.cancel')}
      dangerLabel={t('files.exists.replace')}
      middle={{ label: t('files.exists.keepBoth'), onClick: () => onAnswer('keepBoth') }}
      onSafe={() => onAnswer(null)}
      onDanger={() => onAnswer('replace')}
    >
      {t('files.exists.body')}
    </ConfirmDialog>
  )
}
