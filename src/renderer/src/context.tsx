// React access to the store: a provider, a selector hook, the actions, and the translator for the chosen language.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { createTranslator, type Translator } from '../../shared/locale'
import type { Actions, FerryStore, FerryStoreState } from './store/store'

const StoreContext = createContext<FerryStore | null>(null)

export function StoreProvider({ store, children }: { store: FerryStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

function useStoreApi(): FerryStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error('StoreProvider is missing')
  return store
}

/** Reads a slice of the store; the selector must return a stable value (a field, not a new array). */
export function useFerry<T>(selector: (s: FerryStoreState) => T): T {
  return useStore(useStoreApi(), selector)
}

export function useActions(): Actions {
  return useStoreApi().getState().actions
}

export function useT(): Translator {
  const lang = useFerry((s) => s.settings.language)
  return useMemo(() => createTranslator(lang), [lang])
}

/** The current time, refreshed every `intervalMs` while `active` (countdowns, ETA delay, stall detection). */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const id = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs, active])
  return now
}
