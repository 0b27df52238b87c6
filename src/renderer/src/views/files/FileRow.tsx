// One row of the Files grid: select, name, ID with Copy ID, purpose, size, created, expires, Download….
import type { CSSProperties } from 'react'
import type { RemoteFileView } from '../../../../shared/api'
import { purposeName } from '../../../../shared/messages'
import { useT } from '../../context'
import { createdText, expiresText } from '../../lib/time'

export const FILE_ROW_HEIGHT = 44

export interface FileRowProps {
  file: RemoteFileView
  index: number
  style: CSSProperties
  /** This row holds the grid's one tab stop. */
  active: boolean
  selected: boolean
  now: number
  online: boolean
  onFocusRow(index: number): void
  onToggle(id: string): void
  onCopy(id: string): void
  onDownload(file: RemoteFileView): void
}

export function FileRow({ file: f, index, style, active, selected, now, online, onFocusRow, onToggle, onCopy, onDownload }: FileRowProps) {
  const tr = useT()
  const { t } = tr
  const tab = active ? 0 : -1
  const exp = expiresText(tr, f.expiresAt, now)
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-index={index}
      tabIndex={tab}
      className={`file-row${selected ? ' is-selected' : ''}`}
      style={style}
      onFocus={() => onFocusRow(index)}
    >
      <div role="gridcell" className="cell-select">
        <input type="checkbox" tabIndex={tab} checked={selected} aria-label={t('files.select', { name: f.filename })} onChange={() => onToggle(f.id)} />
      </div>
      <div role="gridcell" className="cell-name" title={f.filename}>
        {f.filename}
      </div>
      <div role="gridcell" className="cell-id">
        <code className="file-id" title={f.id}>
          {f.id}
        </code>
        <button type="button" tabIndex={tab} className="btn btn-small btn-primary" onClick={() => onCopy(f.id)}>
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
        <button type="button" tabIndex={tab} className="btn btn-small" disabled={!online} onClick={() => onDownload(f)}>
          {t('files.download')}
        </button>
      </div>
    </div>
  )
}
