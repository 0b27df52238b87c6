// The connection slice: the one route of the engine's state into the store — the snapshot, then every event folded as it
// arrives, in order (the host already keeps progress to a few a second per job, so nothing is held back or dropped here).
import type { FerryEvent } from '../../../../shared/api'
import type { ErrorInfo } from '../../../../shared/errors'
import { applyEvent, applySnapshot } from '../reducers'
import { initialConnection, type ConnectionState } from '../state'
import type { SliceContext } from './context'

export interface ConnectionActions {
  /** Loads the snapshot and follows the engine's events; returns the unsubscribe. */
  connect(): () => void
  reload(): Promise<void>
}

export interface ConnectionSlice extends ConnectionState {
  /** The snapshot could not be had: the app says so and offers to try again. */
  loadError: ErrorInfo | null
}

export function createConnectionSlice({ bridge, set, get, clock }: SliceContext) {
  // Events that come before the first snapshot wait for it, then follow it in the order they came.
  const early: FerryEvent[] = []

  /** One event, one update: each event is small, and the host paces the frequent ones. */
  const fold = (ev: FerryEvent): void =>
    set((s) => {
      const next = applyEvent(s, ev, clock.now())
      return ev.type === 'jobRemoved' ? { ...next, selection: s.selection.filter((id) => id !== ev.jobId) } : next
    })

  const load = async (): Promise<void> => {
    const r = await bridge.snapshot()
    if (!r.ok) return set({ loadError: r.error })
    set((s) => ({ ...applySnapshot(s, r.value, clock.now()), loadError: null }))
    for (const ev of early.splice(0)) fold(ev)
  }

  const actions: ConnectionActions = {
    connect() {
      const off = bridge.onEvent((ev) => (get().loaded ? fold(ev) : early.push(ev)))
      void load()
      return off
    },
    reload: load
  }

  const state: ConnectionSlice = { ...initialConnection(), loadError: null }
  return { state, actions }
}
