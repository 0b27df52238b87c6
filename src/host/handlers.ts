// FerryApi implemented over the queue, with no Electron import: bound to Electron IPC (src/main/ipc.ts) and to HTTP (src/web)
// alike. What differs per host (where keys live, how stores are written, connectivity hints) comes in as ports; the verbs
// themselves live by area in ./api.
import { resolve } from 'node:path'
import type { FerryApi, FerryEvent, Settings, Snapshot } from '../shared/api'
import type { ErrorInfo } from '../shared/errors'
import { AccountStore } from '../core/accounts/store'
import { FerryError } from '../core/errors'
import type { ContentCheck } from '../core/jobs/checks'
import { defaultContentCheck } from '../core/jobs/content-check'
import type { ReachabilityProbe } from '../core/jobs/connectivity'
import { Queue } from '../core/jobs/queue'
import type { AccountConfig } from '../core/providers/types'
import { AccountMeta } from './account-meta'
import { Accounts } from './accounts'
import { accountVerbs } from './api/accounts'
import { desktopVerbs, onlyWhereChosen, type NativeDialogs } from './api/desktop'
import { fileVerbs } from './api/files'
import { jobVerbs } from './api/jobs'
import { wrap } from './api/result'
import type { DownloadFaults } from './downloads'
import { repairedNotice } from './messages'
import { SettingsStore } from './settings'
import type { StoreFactory } from './stores'
import type { KeyVault } from './vault'
import { jobView } from './views'

export type { NativeDialogs }

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
  const queue = new Queue({
    home,
    resolve: accounts.resolver,
    limitsFor: (a) => accounts.limitsAdapter(a),
    check: ports.check ?? defaultContentCheck(),
    concurrency: () => settings.get().concurrency,
    autoStart: () => settings.get().autoStart,
    expiryFor: (purpose) => settings.get().expiry[purpose] ?? undefined,
    endpointOf: (a) => accounts.endpointOf(a),
    ...(speedLimit ? { bandwidthLimit: speedLimit } : {}),
    ...(ports.probe ? { probe: ports.probe } : {}),
    ...(ports.isOnline ? { isOnline: ports.isOnline } : {}),
    ...(ports.tickMs ? { tickMs: ports.tickMs } : {})
  })
  queue.on('job', (job) => emit({ type: 'job', job: jobView(job, queue.runtime(job.id), accounts) }))
  queue.on('removed', (jobId) => emit({ type: 'jobRemoved', jobId }))
  queue.on('progress', (p) => emit({ type: 'progress', jobId: p.jobId, sent: p.sent, total: p.total, speed: p.speed, etaSeconds: p.etaSeconds }))
  queue.on('connectivity', (c) => emit({ type: 'connectivity', online: c.online, unreachable: c.unreachable }))

  const started = await queue.open()
  if (started.quarantined.length > 0) notices.push(repairedNotice('queue', started.quarantined.map((q) => q.movedTo)))
  if (started.heldBy) {
    notices.push({
      code: 'queue_busy',
      message: `Another Ferry (process ${started.heldBy.pid}) is uploading the queue right now; this window shows it and takes over when it ends.`,
      hint: 'Wait for it to finish, or stop it.',
      params: { pid: String(started.heldBy.pid) }
    })
  }

  const targetAccount = (id: string | undefined): AccountConfig => {
    const chosen = id ?? accounts.activeId()
    if (!chosen) throw new FerryError('no_account', 'Choose an account first.', { hint: 'Try the sandbox, or add an account.' })
    return accounts.need(chosen)
  }
  const saved = new Set<string>()
  /** Where the person chose to save, in the app's save dialog, this run. */
  const chosen = new Set<string>()
  const files = fileVerbs({ accounts, emit, targetAccount, saved, ...(ports.faults ? { faults: ports.faults } : {}) })

  const api: FerryApi = {
    snapshot: wrap(async (): Promise<Snapshot> => {
      const c = queue.connectivity()
      return {
        jobs: queue.list().map((j) => jobView(j, queue.runtime(j.id), accounts)),
        accounts: await accounts.views(),
        activeAccountId: accounts.activeId(),
        settings: settings.get(),
        online: c.online,
        notices: [...notices],
        secureKeyStorage: ports.vault.secure,
        nativeDialogs: ports.dialogs !== undefined
      }
    }),
    ...jobVerbs({ queue, settings, home, targetAccount, ...(ports.samplesDir ? { samplesDir: ports.samplesDir } : {}) }),
    ...files,
    // The browser host has no save dialog: there the person types where to save.
    ...(ports.dialogs ? { downloadFile: onlyWhereChosen(chosen, files.downloadFile) } : {}),
    ...desktopVerbs(ports.dialogs, (path) => saved.has(path) || queue.list().some((j) => resolve(j.file.path) === path), chosen),
    ...accountVerbs(accounts, queue, async () => emit({ type: 'accounts', accounts: await accounts.views(), activeAccountId: accounts.activeId() })),
    updateSettings: wrap(async (patch: Partial<Settings>) => {
      const next = settings.update(patch)
      if ('speedLimit' in patch) queue.setBandwidthLimit(next.speedLimit)
      emit({ type: 'settings', settings: next })
      queue.poke()
      return next
    })
  }

  return {
    ...api,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    activeUploads: () => queue.activeCount,
    async close() {
      await queue.close()
      await accounts.close()
      listeners.clear()
    }
  }
}
