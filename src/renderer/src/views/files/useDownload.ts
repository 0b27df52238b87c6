// Downloading a file: where to save (the OS's dialog in the desktop app, a typed path in the browser), then what came of it —
// where it went (Show in folder), or for a full disk the file to save elsewhere (Choose folder…).
import { useState } from 'react'
import type { AccountView, RemoteFileView } from '../../../../shared/api'
import { describeError } from '../../../../shared/messages'
import { useActions, useFerry, useT } from '../../context'

export interface DownloadStatus {
  text: string
  tone: 'success' | 'neutral' | 'danger'
  path?: string
  again?: RemoteFileView
}

export function useDownload(account: AccountView | null) {
  const tr = useT()
  const actions = useActions()
  const nativeDialogs = useFerry((s) => s.nativeDialogs)
  /** The file whose typed save path is being asked for (browser host). */
  const [asking, setAsking] = useState<RemoteFileView | null>(null)
  const [status, setStatus] = useState<DownloadStatus | null>(null)

  const download = async (file: RemoteFileView, dest: string): Promise<void> => {
    const r = await actions.downloadFile(file.id, dest)
    if (r.ok) return setStatus({ text: tr.t('files.saved', { path: r.value.path }), tone: 'success', path: r.value.path })
    if (r.error.code === 'download_cancelled') return setStatus({ text: tr.t('files.downloadCancelled', { name: file.filename }), tone: 'neutral' })
    const msg = describeError(tr, r.error, { provider: account?.provider ?? 'sandbox', account: account?.name ?? '', name: file.filename })
    setStatus({ text: `${msg.title} ${msg.body}`, tone: 'danger', ...(r.error.code === 'disk_full' ? { again: file } : {}) })
  }

  const start = async (file: RemoteFileView): Promise<void> => {
    if (!nativeDialogs) return setAsking(file)
    const dest = await actions.chooseSavePath(file.filename)
    if (dest) await download(file, dest)
  }

  /** The typed path was given: download there, then close the dialog. */
  const saveTo = async (dest: string): Promise<void> => {
    if (!asking) return
    await download(asking, dest)
    setAsking(null)
  }

  return { asking, status, start, saveTo, cancelAsking: () => setAsking(null), dismiss: () => setStatus(null) }
}
