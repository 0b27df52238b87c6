// Hash routes (`#/queue`, `#/queue/:jobId`, `#/files`, `#/accounts/…`, `#/settings`, `#/welcome`) read through useSyncExternalStore.
import { useSyncExternalStore } from 'react'

export type Route =
  | { view: 'welcome' }
  | { view: 'queue'; jobId: string | null }
  | { view: 'files'; query: string }
  | { view: 'accounts'; edit: string | null; focusKey: boolean; provider: string | null }
  | { view: 'settings' }
  | { view: 'home' }

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '')
  const [path = '', search = ''] = raw.split('?')
  const parts = path.split('/').filter(Boolean).map(safeDecode)
  const params = new URLSearchParams(search)
  switch (parts[0]) {
    case 'welcome':
      return { view: 'welcome' }
    case 'queue':
      return { view: 'queue', jobId: parts[1] ?? null }
    case 'files':
      return { view: 'files', query: params.get('q') ?? '' }
    case 'accounts':
      return { view: 'accounts', edit: parts[1] ?? null, focusKey: parts[2] === 'key', provider: params.get('provider') }
    case 'settings':
      return { view: 'settings' }
    default:
      return { view: 'home' }
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export function navigate(path: string): void {
  const target = path.startsWith('#') ? path : `#${path}`
  if (window.location.hash !== target) window.location.hash = target
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash)
}

export const paths = {
  queue: (jobId?: string) => (jobId ? `/queue/${encodeURIComponent(jobId)}` : '/queue'),
  files: (q?: string) => (q ? `/files?q=${encodeURIComponent(q)}` : '/files'),
  accounts: () => '/accounts',
  newAccount: (provider?: string) => (provider ? `/accounts/new?provider=${provider}` : '/accounts/new'),
  editAccount: (id: string) => `/accounts/${encodeURIComponent(id)}`,
  fixKey: (id: string) => `/accounts/${encodeURIComponent(id)}/key`,
  settings: () => '/settings',
  welcome: () => '/welcome'
}
