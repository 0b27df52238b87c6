// The app: picks the view from the hash route, applies theme and language, and binds the global keyboard shortcuts.
import { useEffect } from 'react'
import { OPEN_SWITCHER_EVENT } from './components/AccountSwitcher'
import { Shell, type NavView } from './components/Shell'
import { StoreProvider, useActions, useFerry, useT } from './context'
import { PATH_FIELD_ID } from './lib/dom-ids'
import { navigate, parseHash, paths, useHash } from './router'
import { isFirstRun } from './store/selectors'
import type { FerryStore } from './store/store'
import { AccountsView } from './views/AccountsView'
import { FilesView } from './views/FilesView'
import { QueueView } from './views/QueueView'
import { SettingsView } from './views/SettingsView'
import { WelcomeView } from './views/WelcomeView'

export function App({ store }: { store: FerryStore }) {
  return (
    <StoreProvider store={store}>
      <Connected />
    </StoreProvider>
  )
}

function Connected() {
  const actions = useActions()
  useEffect(() => actions.connect(), [actions])
  return <Root />
}

function Root() {
  const tr = useT()
  const loaded = useFerry((s) => s.loaded)
  const loadError = useFerry((s) => s.loadError)
  const firstRun = useFerry(isFirstRun)
  const theme = useFerry((s) => s.settings.theme)
  const hash = useHash()
  const actions = useActions()
  const route = parseHash(hash)

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    document.documentElement.lang = tr.lang
    document.title = tr.t('app.name')
  }, [tr])

  useEffect(() => {
    if (loaded && route.view === 'home') navigate(firstRun ? paths.welcome() : paths.queue())
  }, [loaded, route.view, firstRun])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey
      const target = e.target as HTMLElement | null
      const typing = !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
      if (mod && !e.shiftKey && !e.altKey && /^[1-4]$/.test(e.key)) {
        e.preventDefault()
        navigate([paths.queue(), paths.files(), paths.accounts(), paths.settings()][Number(e.key) - 1]!)
      } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'o') {
        e.preventDefault()
        navigate(paths.queue())
        setTimeout(() => document.getElementById(PATH_FIELD_ID)?.focus(), 0)
      } else if (mod && e.shiftKey && e.key.toLowerCase() === 'a') {
        e.preventDefault()
        window.dispatchEvent(new Event(OPEN_SWITCHER_EVENT))
      } else if (e.key === '/' && !mod && !typing) {
        const search = document.querySelector<HTMLElement>('[data-search]') ?? document.getElementById(PATH_FIELD_ID)
        if (search) {
          e.preventDefault()
          search.focus()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (loadError && !loaded) {
    return (
      <div className="boot">
        <p role="alert">
          {tr.t('app.loadFailed')} {loadError.message}
        </p>
        <button type="button" className="btn btn-primary" onClick={() => void actions.reload()}>
          {tr.t('app.tryAgain')}
        </button>
      </div>
    )
  }
  if (!loaded) {
    return (
      <div className="boot" role="status">
        {tr.t('app.loading')}
      </div>
    )
  }

  const current: NavView = route.view === 'home' ? (firstRun ? 'welcome' : 'queue') : route.view
  return (
    <Shell current={current}>
      {current === 'welcome' && <WelcomeView />}
      {current === 'queue' && <QueueView jobId={route.view === 'queue' ? route.jobId : null} />}
      {current === 'files' && <FilesView initialQuery={route.view === 'files' ? route.query : ''} />}
      {current === 'accounts' && route.view === 'accounts' && <AccountsView edit={route.edit} focusKey={route.focusKey} provider={route.provider} />}
      {current === 'accounts' && route.view !== 'accounts' && <AccountsView edit={null} focusKey={false} provider={null} />}
      {current === 'settings' && <SettingsView />}
    </Shell>
  )
}
