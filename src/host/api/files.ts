// The remote files verbs of FerryApi: list (all, or a page), delete, download (cancellable), each in the account's own words.
import { resolve } from 'node:path'
import type { FerryApi, FerryEvent, RemoteFileView } from '../../shared/api'
import type { ErrorInfo } from '../../shared/errors'
import { asFerryError, FerryError } from '../../core/errors'
import type { AccountConfig, RemoteFile } from '../../core/providers/types'
import type { Accounts } from '../accounts'
import { download, type DownloadFaults } from '../downloads'
import { present } from '../messages'
import { wrap } from './result'

type FileVerbs = Pick<FerryApi, 'listFiles' | 'listFilesPage' | 'deleteFiles' | 'downloadFile' | 'cancelDownload'>

export interface FileDeps {
  accounts: Accounts
  emit(event: FerryEvent): void
  targetAccount(id: string | undefined): AccountConfig
  /** Where downloads were saved this run ("Show in folder" may open them). */
  saved: Set<string>
  faults?: DownloadFaults
}

export function fileVerbs({ accounts, emit, targetAccount, saved, faults }: FileDeps): FileVerbs {
  /** Downloads running now, by remote file id, so they can be cancelled. */
  const downloading = new Map<string, AbortController>()
  // Errors about an account's provider get that account's words ("Key not accepted. OpenAI refused "Work"'s key…").
  const forAccount = async <T>(account: AccountConfig, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      const info = present(asFerryError(err).toInfo(), { provider: accounts.providerName(account), account: account.name })
      throw new FerryError(info.code, info.message, { hint: info.hint, ...(info.requestId ? { requestId: info.requestId } : {}), ...(info.params ? { params: info.params } : {}) })
    }
  }
  return {
    listFiles: wrap(async ({ accountId, purpose }) => {
      const account = targetAccount(accountId)
      return forAccount(account, async () => fileViews(await (await accounts.connect(account)).list(purpose ? { purpose } : {})))
    }),
    listFilesPage: wrap(async ({ accountId, purpose, after, limit }) => {
      const account = targetAccount(accountId)
      return forAccount(account, async () => {
        const page = await (await accounts.connect(account)).listPage({ ...(purpose ? { purpose } : {}), ...(after ? { after } : {}), ...(limit ? { limit } : {}) })
        return { files: fileViews(page.files), hasMore: page.hasMore, ...(page.after ? { after: page.after } : {}) }
      })
    }),
    deleteFiles: wrap(async ({ accountId, ids }) => {
      const account = targetAccount(accountId)
      const adapter = await forAccount(account, () => accounts.connect(account))
      const deleted: string[] = []
      const failed: { id: string; error: ErrorInfo }[] = []
      for (const id of ids) {
        try {
          await adapter.remove(id)
          deleted.push(id)
        } catch (err) {
          failed.push({ id, error: present(asFerryError(err).toInfo(), { provider: accounts.providerName(account), account: account.name }) })
        }
      }
      return { deleted, failed }
    }),
    downloadFile: wrap(async ({ accountId, id, destPath, ifExists }) => {
      const account = targetAccount(accountId)
      if (downloading.has(id)) throw new FerryError('already_downloading', 'That file is already downloading.', { hint: 'Wait for it, or cancel it first.' })
      const ctl = new AbortController()
      downloading.set(id, ctl)
      const result = await forAccount(account, async () =>
        download(await accounts.connect(account), id, destPath, {
          onProgress: (received, total) => emit({ type: 'download', id, received, total }),
          signal: ctl.signal,
          ...(ifExists ? { ifExists } : {}),
          ...(faults ? { faults } : {})
        })
      ).finally(() => downloading.delete(id))
      saved.add(resolve(result.path))
      return result
    }),
    cancelDownload: wrap(async ({ id }) => {
      const ctl = downloading.get(id)
      ctl?.abort()
      return { cancelled: ctl !== undefined }
    })
  }
}

/** What the renderer sees of remote files, newest first (a stable sort keeps the server's order within a second). */
function fileViews(files: RemoteFile[]): RemoteFileView[] {
  return files
    .map((f): RemoteFileView => ({ id: f.id, filename: f.filename, bytes: f.bytes, purpose: f.purpose, createdAt: f.createdAt, expiresAt: f.expiresAt }))
    .sort((a, b) => b.createdAt - a.createdAt)
}
