// Downloading a file: where to save (the OS's dialog in the desktop app, a typed path in the browser), what to do when a file is
// already there (Replace / Keep both / Cancel), then what came of it — where it went (Show in folder), or a local fault in plain
// words (no space, no such folder, …) with, where another place may help, the file to save elsewhere (Choose folder…).
import { useState } from 'react'
import type { AccountView, IfExists, RemoteFileView } from '../../../../shared/api'
import type { TextKey } from '../../../../shared/locale'
import { describeError } from '../../../../shared/messages'
import { useActions, useFerry, useT } from '../../context'

export interface DownloadStatus {
  text: string
  tone: 'success' | 'neutral' | 'danger'
  path?: string
  again?: RemoteFileView
}

/** A download that found a file where it would go, waiting for the person's answer. */
export interface ExistsQuestion {
  file: RemoteFileView
  dest: string
  /** The name of the file already there. */
  name: string
}

/** The local faults of saving, in the person's language (the engine's English names the paths). */
const LOCAL_FAULTS: Record<string, TextKey> = {
  is_folder: 'files.err.isFolder',
  folder_missing: 'files.err.folderMissing',
  folder_not_writable: 'files.err.notWritable',
  read_only: 'files.err.readOnly',
  too_many_open_files: 'files.err.tooManyFiles'
}
/** Faults another place may cure (Choose folder…). */
const ELSEWHERE = new Set(['disk_full', 'is_folder', 'folder_missing', 'folder_not_writable', 'read_only'])

export function useDownload(account: AccountView | null) {
  const tr = useT()
  const actions = useActions()
  const nativeDialogs = useFerry((s) => s.nativeDialogs)
  /** The file whose typed save path is being asked for (browser host). */
  const [asking, setAsking] = useState<RemoteFileView | null>(null)
  const [status, setStatus] = useState<DownloadStatus | null>(null)
  const [exists, setExists] = useState<ExistsQuestion | null>(null)

  const download = async (file: RemoteFileView, dest: string, ifExists?: IfExists): Promise<void> => {
    const r = await actions.downloadFile(file.id, dest, ifExists)
    if (r.ok) return setStatus({ text: tr.t('files.saved', { path: r.value.path }), tone: 'success', path: r.value.path })
    const { code } = r.error
    if (code === 'file_exists') return setExists({ file, dest, name: lastPart(String(r.error.params?.path ?? dest)) })
    if (code === 'download_cancelled') return setStatus({ text: tr.t('files.downloadCancelled', { name: file.filename }), tone: 'neutral' })
    const again = ELSEWHERE.has(code) ? { again: file } : {}
    const local = LOCAL_FAULTS[code]
    if (local) return setStatus({ text: tr.t(local), tone: 'danger', ...again })
    const msg = describeError(tr, r.error, { provider: account?.provider ?? 'sandbox', account: account?.name ?? '', name: file.filename })
    setStatus({ text: `${msg.title} ${msg.body}`, tone: 'danger', ...again })
  }

  /** The answer to "already there": go on as chosen (replace, keep both), or not at all (Cancel). */
  const answer = async (choice: IfExists | null): Promise<void> => {
    const question = exists
    setExists(null)
    if (question && choice) await download(question.file, question.dest, choice)
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

  return { asking, exists, status, start, saveTo, answer, cancelAsking: () => setAsking(null), dismiss: () => setStatus(null) }
}

const lastPart = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? path
