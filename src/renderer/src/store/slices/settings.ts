// The settings slice: shown changed at once, put back if the host refuses, then as the host stored them.
import type { Settings } from '../../../../shared/api'
import { initialSettings, type SettingsState } from '../state'
import type { SliceContext } from './context'

export interface SettingsActions {
  updateSettings(patch: Partial<Settings>): Promise<boolean>
}

export function createSettingsSlice({ bridge, set, get, fail }: SliceContext) {
  const actions: SettingsActions = {
    async updateSettings(patch) {
      const before = get().settings
      set({ settings: { ...before, ...patch } })
      const r = await bridge.updateSettings(patch)
      if (!r.ok) {
        set({ settings: before })
        fail(r.error)
        return false
      }
      set({ settings: r.value })
      return true
    }
  }

  const state: SettingsState = initialSettings()
  return { state, actions }
}
