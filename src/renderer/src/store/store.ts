// The zustand store: one store made of slices (connection, jobs, files, accounts, settings, notices), each its own module
// with its state and actions; the pure folds live in reducers.ts and the derivations in selectors.ts / job-moves.ts.
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { FerryBridge } from '../../../shared/api'
import { copyToClipboard } from './clipboard'
import { realClock, type Clock } from './clock'
import { createAccountsSlice, type AccountsActions } from './slices/accounts'
import { createConnectionSlice, type ConnectionActions, type ConnectionSlice } from './slices/connection'
import { createFilesSlice, type FilesActions, type FilesSlice } from './slices/files'
import { createJobsSlice, type JobsActions, type JobsSlice } from './slices/jobs'
import { createNoticesSlice, type NoticesActions, type NoticesSlice } from './slices/notices'
import { createSettingsSlice, type SettingsActions } from './slices/settings'
import type { AccountsState, SettingsState } from './state'

export type Actions = ConnectionActions & JobsActions & FilesActions & AccountsActions & SettingsActions & NoticesActions

export interface FerryStoreState extends ConnectionSlice, JobsSlice, FilesSlice, AccountsState, SettingsState, NoticesSlice {
  /** Every slice's actions in one stable object (views take it once, with useActions). */
  actions: Actions
}

export type FerryStore = StoreApi<FerryStoreState>

export interface StoreOptions {
  clock?: Clock
  clipboard?: (text: string) => Promise<boolean>
}

export function createFerryStore(bridge: FerryBridge, opts: StoreOptions = {}): FerryStore {
  return createStore<FerryStoreState>()((set, get) => {
    const base = { bridge, set, get, clock: opts.clock ?? realClock }
    const notices = createNoticesSlice(base, opts.clipboard ?? copyToClipboard)
    const ctx = { ...base, ...notices.tell }
    const connection = createConnectionSlice(ctx)
    const jobs = createJobsSlice(ctx)
    const files = createFilesSlice(ctx)
    const accounts = createAccountsSlice(ctx)
    const settings = createSettingsSlice(ctx)
    return {
      ...connection.state,
      ...jobs.state,
      ...files.state,
      ...accounts.state,
      ...settings.state,
      ...notices.state,
      actions: { ...connection.actions, ...jobs.actions, ...files.actions, ...accounts.actions, ...settings.actions, ...notices.actions }
    }
  })
}
