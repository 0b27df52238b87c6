// FerryApi implemented over the engine, with no Electron import: bound to Electron IPC (ipc.ts) and to HTTP (src/web) alike.
// What differs per host (where keys live, how stores are written, connectivity hints) comes in as ports.
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import type { FerryApi, FerryEvent, JobView, RemoteFileView, Result, Settings, Snapshot } from '../shared/api'
import type { ErrorInfo } from '../shared/errors'
import { AccountStore } from '../core/accounts/store'
import { asFerryError, FerryError } from '../core/errors'
import { defaultContentCheck } from '../core/jobs/content-check'
import type { ReachabilityProbe } from '../core/jobs/connectivity'
import { Engine } from '../core/jobs/engine'
import { Scheduler, type ContentCheck } from '../core/jobs/scheduler'
import type { AccountConfig, RemoteFile } from '../core/providers/types'
import { AccountMeta } from './account-meta'
import { Accounts, SANDBOX_ACCOUNT } from './accounts'
import { download, type DownloadFaults } from './downloads'
import { present, repairedNotice } from './messages'
import { SettingsStore } from './settings'
import type { StoreFactory } from './stores'
import type { KeyVault } from './vault'
import { jobView } from './views'

const MiB = 1024 * 1024

export interface HostPorts {
  home: string
  vault: KeyVault
  /** electron-store in the app, `conf` in the web host. */
  makeStore: StoreFactory
  probe?: ReachabilityProbe
  isOnline?: () => boolean
  check?: ContentCheck
  /** How often hosts are probed and the queue folder is looked at (ms). */
  tickMs?: number
  faults?: DownloadFaults
  /** Things the host found at start that the person must be told (e.g. its key file was damaged). */
  notices?: ErrorInfo[]
  /** Where Ferry's sample files are (resources/samples). */
  samplesDir?: string
  /** The OS's file dialogs and file manager: the desktop app has them, a browser host does not. */
  dialogs?: NativeDialogs
}

export interface NativeDialogs {
  openFiles(): Promise<string[]>
  savePath(defaultName: string): Promise<string | null>
  reveal(path: string): void
}

/** The API plus what a host needs to run it: events, start/stop, and whether uploads are in flight. */
export interface FerryHandlers extends FerryApi {
  onEvent(listener: (event: FerryEvent) => void): () => void
  /** Uploads running now (quit confirmation, power blocker). */
  activeUploads(): number
  close(): Promise<void>
}

export async function createHandlers(ports: HostPorts): Promise<FerryHandlers> {
  const { home } = ports
  const notices: ErrorInfo[] = [...(ports.notices ?? [])]
  const listeners = new Set<(event: FerryEvent) => void>()
  const emit = (event: FerryEvent): void => {
    for (const fn of listeners) fn(event)
  }

  const { settings, quarantined: settingsDamaged } = SettingsStore.open(ports.makeStore, home)
  if (settingsDamaged) notices.push(repairedNotice('settings', [settingsDamaged.movedTo]))
  const { store: accountStore, quarantined: accountsDamaged } = AccountStore.open(home)
  if (accountsDamaged) notices.push(repairedNotice('accounts', [accountsDamaged.movedTo]))
  const { meta, quarantined: metaDamaged } = AccountMeta.open(ports.makeStore, home)
  if (metaDamaged) notices.push(repairedNotice('account-details', [metaDamaged.movedTo]))
  const accounts = new Accounts(home, accountStore, meta, ports.vault)

  const speedLimit = settings.get().speedLimit
  const engine = new Engine({ home, resolve: accounts.resolver, progressIntervalMs: 250, ...(speedLimit ? { bandwidthLimit: speedLimit } : {}) })
  const check = ports.check ?? defaultContentCheck()
  const scheduler = new Scheduler({
    engine,
    concurrency: () => settings.get().concurrency,
    autoStart: () => settings.get().autoStart,
    check,
    adapterFor: (a) => accounts.limitsAdapter(a),
    endpointOf: (a) => accounts.endpointOf(a),
    expiryFor: (purpose) => settings.get().expiry[purpose] ?? undefined,
    ...(ports.probe ? { probe: ports.probe } : {}),
    ...(ports.isOnline ? { isOnline: ports.isOnline } : {}),
    ...(ports.tickMs ? { tickMs: ports.tickMs } : {})
  })

  const view = (id: string): JobView => {
    const job = scheduler.get(id)
    if (!job) throw new FerryError('job_not_found', 'That file is no longer in the queue.', { hint: 'Refresh the list.' })
    return jobView(job, scheduler.runtime(id), accounts)
  }
  scheduler.on('job', (job) => emit({ type: 'job', job: jobView(job, scheduler.runtime(job.id), accounts) }))
  scheduler.on('removed', (jobId) => emit({ type: 'jobRemoved', jobId }))
  scheduler.on('progress', (p) => emit({ type: 'progress', jobId: p.jobId, sent: p.sent, total: p.total, speed: p.speed, etaSeconds: p.etaSeconds }))
  scheduler.on('connectivity', (c) => emit({ type: 'connectivity', online: c.online, unreachable: c.unreachable }))

  const started = await scheduler.start()
  if (started.quarantined.length > 0) notices.push(repairedNotice('queue', started.quarantined.map((q) => q.movedTo)))
  if (started.heldBy) {
    notices.push({
      code: 'queue_busy',
      message: `Another Ferry (process ${started.heldBy.pid}) is uploading the queue right now; this window shows it and takes over when it ends.`,
      hint: 'Wait for it to finish, or stop it.',
      params: { pid: String(started.heldBy.pid) }
    })
  }

  const accountsChanged = async (): Promise<void> => {
    emit({ type: 'accounts', accounts: await accounts.views(), activeAccountId: accounts.activeId() })
  }
  /** Where Ferry saved downloads this run ("Show in folder" may open them). */
  const saved = new Set<string>()
  /** Downloads running now, by remote file id, so they can be cancelled. */
  const downloading = new Map<string, AbortController>()
  const dialogs = (): NativeDialogs => {
    if (!ports.dialogs) throw new FerryError('not_available', 'This needs the desktop app.', { hint: 'Type the path instead.' })
    return ports.dialogs
  }
  const targetAccount = (id: string | undefined): AccountConfig => {
    const chosen = id ?? accounts.activeId()
    if (!chosen) throw new FerryError('no_account', 'Choose an account first.', { hint: 'Try the sandbox, or add an account.' })
    return accounts.need(chosen)
  }
  const each = async (ids: string[], fn: (id: string) => Promise<unknown>): Promise<JobView[]> => {
    for (const id of ids) await fn(id)
    return ids.filter((id) => scheduler.get(id)).map(view)
  }
  // Errors about an account's provider get that account's words ("Key not accepted. OpenAI refused "Work"'s key…").
  const forAccount = async <T>(account: AccountConfig, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      const info = present(asFerryError(err).toInfo(), { provider: accounts.providerName(account), account: account.name })
      throw new FerryError(info.code, info.message, { hint: info.hint, ...(info.requestId ? { requestId: info.requestId } : {}) })
    }
  }

  const api: FerryApi = {
    snapshot: wrap(async (): Promise<Snapshot> => {
      const c = scheduler.connectivity()
      return {
        jobs: scheduler.list().map((j) => jobView(j, scheduler.runtime(j.id), accounts)),
        accounts: await accounts.views(),
        activeAccountId: accounts.activeId(),
        settings: settings.get(),
        online: c.online,
        notices: [...notices],
        secureKeyStorage: ports.vault.secure,
        nativeDialogs: ports.dialogs !== undefined
      }
    }),

    addFiles: wrap(async ({ paths, accountId, purpose }) => {
      const account = targetAccount(accountId)
      const files = await expandPaths(paths)
      const partSize = settings.get().partSizeMiB * MiB
      const jobs: JobView[] = []
      for (const path of files) {
        const job = await scheduler.add({ path, account, partSize, ...(purpose ? { purpose } : {}) })
        jobs.push(view(job.id))
      }
      return jobs
    }),
    addSampleFiles: wrap(async () => {
      if (!ports.samplesDir) throw new FerryError('samples_missing', 'The sample files are not part of this installation.', { hint: 'Add one of your own .jsonl files instead.' })
      // Copies in FERRY_HOME, so the person can open and change them without touching the installation.
      const dir = join(home, 'samples')
      await mkdir(dir, { recursive: true })
      const jobs: JobView[] = []
      for (const name of (await readdir(ports.samplesDir)).filter((n) => n.endsWith('.jsonl')).sort()) {
        await copyFile(join(ports.samplesDir, name), join(dir, name))
        const job = await scheduler.add({ path: join(dir, name), account: SANDBOX_ACCOUNT, partSize: settings.get().partSizeMiB * MiB })
        jobs.push(view(job.id))
      }
      return jobs
    }),
    setPurpose: wrap(async ({ jobId, purpose }) => view((await scheduler.setPurpose(jobId, purpose)).id)),
    recheck: wrap(({ jobIds }) => each(jobIds, (id) => scheduler.recheck(id))),
    validationReport: wrap(async ({ jobId, all }) => {
      const report = all ? await scheduler.fullReport(jobId) : await scheduler.report(jobId)
      if (!report) {
        throw new FerryError('no_report', 'There is no check report for this file.', {
          hint: 'Ferry checks fine-tune, batch and evals files; others are uploaded as they are.'
        })
      }
      return report
    }),
    startJobs: wrap(({ jobIds }) => each(jobIds, (id) => scheduler.approve(id))),
    pauseJobs: wrap(({ jobIds }) => each(jobIds, (id) => scheduler.pause(id))),
    resumeJobs: wrap(({ jobIds }) => each(jobIds, (id) => scheduler.resume(id))),
    cancelJobs: wrap(({ jobIds }) => each(jobIds, (id) => scheduler.cancel(id))),
    retryJobs: wrap(({ jobIds }) => each(jobIds, (id) => scheduler.retry(id))),
    removeJobs: wrap(async ({ jobIds }) => {
      const removed: string[] = []
      for (const id of jobIds) {
        if (!scheduler.get(id)) continue
        await scheduler.remove(id)
        removed.push(id)
      }
      return { removed }
    }),

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
    downloadFile: wrap(async ({ accountId, id, destPath }) => {
      const account = targetAccount(accountId)
      if (downloading.has(id)) throw new FerryError('already_downloading', 'That file is already downloading.', { hint: 'Wait for it, or cancel it first.' })
      const ctl = new AbortController()
      downloading.set(id, ctl)
      const result = await forAccount(account, async () => {
        let last = 0
        return download(
          await accounts.connect(account),
          id,
          destPath,
          (received, total) => {
            const now = Date.now()
            if (now - last < 250 && received !== total) return
            last = now
            emit({ type: 'download', id, received, total })
          },
          ports.faults,
          ctl.signal
        )
      }).finally(() => downloading.delete(id))
      saved.add(resolve(result.path))
      return result
    }),
    cancelDownload: wrap(async ({ id }) => {
      const ctl = downloading.get(id)
      ctl?.abort()
      return { cancelled: ctl !== undefined }
    }),

    chooseFiles: wrap(async () => ({ paths: await dialogs().openFiles() })),
    chooseSavePath: wrap(async ({ name }) => ({ path: await dialogs().savePath(basename(name)) })),
    // Only what Ferry saved or was given: a page must not be able to point the file manager anywhere it likes.
    showInFolder: wrap(async ({ path }) => {
      const os = dialogs()
      const target = resolve(path)
      if (!saved.has(target) && !scheduler.list().some((j) => resolve(j.file.path) === target)) {
        throw new FerryError('not_allowed', 'Ferry only shows files it saved or was given.', { hint: 'Open the folder yourself.' })
      }
      os.reveal(target)
      return {}
    }),

    addAccount: wrap(async (input) => {
      const account = await accounts.add(input)
      await accountsChanged()
      return accounts.view(account)
    }),
    updateAccount: wrap(async ({ id, patch }) => {
      const { account, keyChanged } = await accounts.update(id, patch)
      scheduler.forgetEndpoint(id)
      if (keyChanged) await scheduler.retryAccount(id)
      await accountsChanged()
      return accounts.view(account)
    }),
    removeAccount: wrap(async ({ id }) => {
      await accounts.remove(id)
      await accountsChanged()
      return { removed: id }
    }),
    setActiveAccount: wrap(async ({ id }) => {
      accounts.setActive(id)
      await accountsChanged()
      return { activeAccountId: id }
    }),
    testAccount: wrap(async ({ id }) => {
      try {
        return await accounts.test(id)
      } finally {
        await accountsChanged()
      }
    }),

    updateSettings: wrap(async (patch: Partial<Settings>) => {
      const next = settings.update(patch)
      if ('speedLimit' in patch) engine.setBandwidthLimit(next.speedLimit)
      emit({ type: 'settings', settings: next })
      scheduler.poke()
      return next
    })
  }

  return {
    ...api,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    activeUploads: () => scheduler.activeCount,
    async close() {
      await scheduler.stop()
      await accounts.close()
      listeners.clear()
    }
  }
}

/** What the renderer sees of remote files, newest first (a stable sort keeps the server's order within a second). */
function fileViews(files: RemoteFile[]): RemoteFileView[] {
  return files
    .map((f): RemoteFileView => ({ id: f.id, filename: f.filename, bytes: f.bytes, purpose: f.purpose, createdAt: f.createdAt, expiresAt: f.expiresAt }))
    .sort((a, b) => b.createdAt - a.createdAt)
}

/** Every handler resolves to a Result: errors are values with a code, plain words and a hint, never a stack. */
function wrap<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<Result<T>> {
  return async (...args) => {
    try {
      return { ok: true, value: await fn(...args) }
    } catch (err) {
      return { ok: false, error: asFerryError(err).toInfo() }
    }
  }
}

/** Files as given; a folder stands for the .jsonl files inside it (and its subfolders). */
async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = []
  for (const raw of paths) {
    const path = resolve(raw)
    const st = await stat(path).catch(() => null)
    if (!st) throw new FerryError('file_missing', `There is no file at ${path}.`, { hint: 'Check the path and the file name.' })
    if (!st.isDirectory()) {
      out.push(path)
      continue
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true })
    const found = entries
      .filter((e) => e.isFile() && extname(e.name).toLowerCase() === '.jsonl')
      .map((e) => join(e.parentPath, e.name))
      .sort()
    if (found.length === 0) throw new FerryError('no_files', `There are no .jsonl files in ${path}.`, { hint: 'Choose the folder that holds your data files.' })
    out.push(...found)
  }
  return out
}
