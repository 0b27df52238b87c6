// The accounts slice: the accounts (never a key, only its last four characters), the active one, and their commands. An
// account's answer is applied at once; the `accounts` event that follows says the same.
import type { AccountInput, AccountView, Result } from '../../../../shared/api'
import { initialAccounts, type AccountsState } from '../state'
import type { SliceContext } from './context'

export interface AccountsActions {
  addAccount(input: AccountInput): Promise<Result<AccountView>>
  updateAccount(id: string, patch: Partial<AccountInput>): Promise<Result<AccountView>>
  removeAccount(id: string): Promise<boolean>
  setActiveAccount(id: string): Promise<boolean>
  testAccount(id: string): Promise<Result<{ files: number }>>
}

export function createAccountsSlice({ bridge, set, fail }: SliceContext) {
  const actions: AccountsActions = {
    async addAccount(input) {
      const r = await bridge.addAccount(input)
      if (r.ok) set((s) => ({ accounts: upsert(s.accounts, r.value) }))
      return r
    },
    async updateAccount(id, patch) {
      const r = await bridge.updateAccount({ id, patch })
      if (r.ok) set((s) => ({ accounts: upsert(s.accounts, r.value) }))
      return r
    },
    async removeAccount(id) {
      const r = await bridge.removeAccount({ id })
      if (!r.ok) {
        fail(r.error)
        return false
      }
      set((s) => ({ accounts: s.accounts.filter((a) => a.id !== id), activeAccountId: s.activeAccountId === id ? null : s.activeAccountId }))
      return true
    },
    async setActiveAccount(id) {
      const r = await bridge.setActiveAccount({ id })
      if (!r.ok) {
        fail(r.error)
        return false
      }
      set({ activeAccountId: r.value.activeAccountId })
      return true
    },
    testAccount: (id) => bridge.testAccount({ id })
  }

  const state: AccountsState = initialAccounts()
  return { state, actions }
}

function upsert(list: AccountView[], a: AccountView): AccountView[] {
  const i = list.findIndex((x) => x.id === a.id)
  if (i < 0) return [...list, a]
  const out = list.slice()
  out[i] = a
  return out
}
