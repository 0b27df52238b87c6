// A small in-memory FerryBridge for renderer tests: canned data, recorded calls, and `emit` to push engine events. Like the real
// host, a job command answers only the ids it acted on, moves jobs as the lifecycle table allows, and tells every change as
// a `job` / `jobRemoved` event before it answers.
import { DEFAULT_SETTINGS, type AccountView, type FerryBridge, type FerryEvent, type JobIds, type JobView, type RemoteFileView, type Result, type Settings, type Snapshot } from '../../src/shared/api'
import { next, type JobEvent } from '../../src/shared/lifecycle'
import type { ValidationReport } from '../../src/shared/validation'

export const SETTINGS: Settings = DEFAULT_SETTINGS

export function account(over: Partial<AccountView> = {}): AccountView {
  return {
    id: 'acc_sandbox',
    name: 'Sandbox',
    provider: 'sandbox',
    maskedKey: null,
    keyStorage: 'none',
    chip: { color: 0, initials: 'SB' },
    ...over
  }
}

export function job(over: Partial<JobView> & { id: string }): JobView {
  const name = over.file?.name ?? `${over.id}.jsonl`
  return {
    state: 'queued',
    file: { path: `/data/${name}`, name, size: 2 * 1024 ** 3 },
    accountId: 'acc_sandbox',
    accountName: 'Sandbox',
    provider: 'sandbox',
    purpose: 'fine-tune',
    bytesSent: 0,
    createdAt: 1_700_000_000_000,
    ...over
  }
}

export function remoteFile(over: Partial<RemoteFileView> & { id: string }): RemoteFileView {
  // A fixed time (seconds, like the providers'): files made in one test never straddle a clock tick and reorder.
  return { filename: `${over.id}.jsonl`, bytes: 1024, purpose: 'fine-tune', createdAt: 1_700_000_000, expiresAt: null, ...over }
}

export function report(over: Partial<ValidationReport> = {}): ValidationReport {
  return {
    file: '/data/a.jsonl',
    valid: true,
    fatal: false,
    errors: [],
    warnings: [],
    infos: [],
    counts: [],
    truncated: false,
    detected: { purpose: 'fine-tune', format: 'chat', method: 'supervised', profile: 'openai' },
    stats: {
      bytes: 1000,
      lines: 10,
      blankLines: 0,
      examples: 10,
      messages: 20,
      tokens: null,
      billableTrainingTokens: null,
      durationMs: 5
    },
    ...over
  }
}

/** A snapshot of a fresh host: the sandbox active, online, no jobs. */
export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    jobs: [],
    accounts: [account()],
    activeAccountId: 'acc_sandbox',
    settings: SETTINGS,
    online: true,
    notices: [],
    secureKeyStorage: true,
    nativeDialogs: false,
    ...over
  }
}

export interface FakeBridge extends FerryBridge {
  calls: { verb: string; input: unknown }[]
  state: Snapshot
  files: RemoteFileView[]
  reports: Record<string, ValidationReport>
  /** What the OS dialogs "choose": files to open, and the save path (null: cancelled). */
  dialogs: { open: string[]; save: string | null }
  emit(ev: FerryEvent): void
  /** Make the next call of `verb` resolve with this error. */
  failNext(verb: string, code: string, message?: string, params?: Record<string, string | number>): void
}

export function createFakeBridge(init: Partial<Snapshot> = {}): FakeBridge {
  const listeners = new Set<(ev: FerryEvent) => void>()
  const failures = new Map<string, { code: string; message: string; params?: Record<string, string | number> }>()
  const state = snapshot(init)
  // Each fake owns its settings: tests that change them must not leak into the next.
  state.settings = { ...state.settings, expiry: { ...state.settings.expiry } }
  let seq = 0
  const bridge: FakeBridge = {
    calls: [],
    state,
    files: [],
    reports: {},
    dialogs: { open: [], save: null },
    emit: (ev: FerryEvent) => listeners.forEach((l) => l(ev)),
    failNext: (verb: string, code: string, message = 'It failed.', params?: Record<string, string | number>) =>
      void failures.set(verb, { code, message, ...(params ? { params } : {}) }),
    onEvent(listener: (ev: FerryEvent) => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    pathForFile: (file: File) => `/dropped/${file.name}`
  } as unknown as FakeBridge

  const record = <I, T>(verb: string, fn: (input: I) => T | Promise<T>) =>
    ((input: I): Promise<Result<T>> => {
      bridge.calls.push({ verb, input })
      const f = failures.get(verb)
      if (f) {
        failures.delete(verb)
        return Promise.resolve({ ok: false, error: { code: f.code, message: f.message, hint: '', ...(f.params ? { params: f.params } : {}) } })
      }
      return Promise.resolve(fn(input)).then((v) => ({ ok: true as const, value: v }))
    }) as never
  /** Moves each job the table lets `event` move, tells it as an event, and answers the ids moved. */
  const move = (ids: string[], event: JobEvent, patch: Partial<JobView> = {}): JobIds => {
    const moved: string[] = []
    for (const j of state.jobs) {
      const to = ids.includes(j.id) ? next(j.state, event) : undefined
      if (to === undefined) continue
      Object.assign(j, patch, { state: to })
      bridge.emit({ type: 'job', job: structuredClone(j) })
      moved.push(j.id)
    }
    return { jobIds: moved }
  }
  const queue = (added: JobView[]): JobIds => {
    state.jobs.push(...added)
    for (const j of added) bridge.emit({ type: 'job', job: structuredClone(j) })
    return { jobIds: added.map((j) => j.id) }
  }

  Object.assign(bridge, {
    snapshot: record('snapshot', () => structuredClone(state)),
    addFiles: record('addFiles', (i: { paths: string[]; accountId?: string; purpose?: string }) =>
      queue(
        i.paths.map((p) =>
          job({ id: `job${++seq}`, file: { path: p, name: p.split('/').pop() ?? p, size: 100 }, state: 'validating', accountId: i.accountId ?? 'acc_sandbox' })
        )
      )
    ),
    addSampleFiles: record('addSampleFiles', () =>
      queue(
        ['train-sample.jsonl', 'batch-sample.jsonl'].map((name) =>
          job({ id: `job${++seq}`, file: { path: `/home/samples/${name}`, name, size: 100 }, state: 'validating', accountId: 'acc_sandbox' })
        )
      )
    ),
    setPurpose: record('setPurpose', (i: { jobId: string; purpose: string }) => move([i.jobId], 'check', { purpose: i.purpose })),
    recheck: record('recheck', (i: { jobIds: string[] }) => move(i.jobIds, 'check')),
    validationReport: record('validationReport', (i: { jobId: string; all?: boolean }) => bridge.reports[i.jobId] ?? report()),
    startJobs: record('startJobs', (i: { jobIds: string[] }) => move(i.jobIds, 'approve')),
    pauseJobs: record('pauseJobs', (i: { jobIds: string[] }) => move(i.jobIds, 'pause')),
    resumeJobs: record('resumeJobs', (i: { jobIds: string[] }) => move(i.jobIds, 'resume')),
    cancelJobs: record('cancelJobs', (i: { jobIds: string[] }) => move(i.jobIds, 'cancel')),
    retryJobs: record('retryJobs', (i: { jobIds: string[] }) => move(i.jobIds, 'retry')),
    removeJobs: record('removeJobs', (i: { jobIds: string[] }): JobIds => {
      const gone = state.jobs.filter((j) => i.jobIds.includes(j.id)).map((j) => j.id)
      state.jobs = state.jobs.filter((j) => !gone.includes(j.id))
      for (const jobId of gone) bridge.emit({ type: 'jobRemoved', jobId })
      return { jobIds: gone }
    }),
    listFiles: record('listFiles', () => bridge.files.slice()),
    // Like the OpenAI dialect: newest first (ties in the order given), after a cursor, `limit` per page (all when not given).
    listFilesPage: record('listFilesPage', (i: { purpose?: string; after?: string; limit?: number }) => {
      const all = bridge.files
        .map((f, at) => ({ f, at }))
        .sort((a, b) => b.f.createdAt - a.f.createdAt || a.at - b.at)
        .map((x) => x.f)
        .filter((f) => !i.purpose || f.purpose === i.purpose)
      const from = i.after ? all.findIndex((f) => f.id === i.after) + 1 : 0
      const files = all.slice(from, from + (i.limit ?? 10_000))
      const hasMore = from + files.length < all.length
      return { files, hasMore, ...(hasMore ? { after: files.at(-1)!.id } : {}) }
    }),
    deleteFiles: record('deleteFiles', (i: { ids: string[] }) => {
      bridge.files = bridge.files.filter((f) => !i.ids.includes(f.id))
      return { deleted: i.ids, failed: [] }
    }),
    downloadFile: record('downloadFile', (i: { destPath: string }) => ({ path: i.destPath, bytes: 1024 })),
    cancelDownload: record('cancelDownload', () => ({ cancelled: true })),
    chooseFiles: record('chooseFiles', () => ({ paths: bridge.dialogs.open })),
    chooseSavePath: record('chooseSavePath', () => ({ path: bridge.dialogs.save })),
    showInFolder: record('showInFolder', () => ({})),
    addAccount: record('addAccount', (i: { name: string; provider: AccountView['provider']; key?: string }) => {
      const a = account({ id: `acc${++seq}`, name: i.name, provider: i.provider, maskedKey: i.key ? `••••${i.key.slice(-4)}` : null, keyStorage: 'encrypted' })
      state.accounts.push(a)
      return a
    }),
    updateAccount: record('updateAccount', (i: { id: string; patch: Partial<AccountView> }) => {
      const a = state.accounts.find((x) => x.id === i.id)
      if (!a) throw new Error('no such account')
      Object.assign(a, { name: i.patch.name ?? a.name })
      return a
    }),
    removeAccount: record('removeAccount', (i: { id: string }) => ({ removed: i.id })),
    setActiveAccount: record('setActiveAccount', (i: { id: string }) => {
      state.activeAccountId = i.id
      return { activeAccountId: i.id }
    }),
    testAccount: record('testAccount', () => ({ files: 3 })),
    updateSettings: record('updateSettings', (i: Partial<Settings>) => Object.assign(state.settings, i))
  })
  return bridge
}
