// The frame of every screen: skip link, sidebar (switcher, navigation, upload summary), banners, the view, toasts, live region.
import type { ReactNode } from 'react'
import { useFerry, useT } from '../context'
import { navigate, paths } from '../router'
import { selectCounts, selectTotalSpeed } from '../store/selectors'
import { AccountSwitcher } from './AccountSwitcher'
import { LiveRegion, NoticeBanners, OfflineBanner, Toasts } from './Banners'
import { Icon } from './Icon'

export type NavView = 'queue' | 'files' | 'accounts' | 'settings' | 'welcome'

export function Shell({ current, children }: { current: NavView; children: ReactNode }) {
  const tr = useT()
  const { t } = tr
  const counts = useFerry((s) => selectCounts(s).all)
  const uploading = useFerry((s) => selectCounts(s).uploading)
  const speed = useFerry(selectTotalSpeed)

  const links: { view: NavView; href: string; label: string; count?: number }[] = [
    { view: 'queue', href: `#${paths.queue()}`, label: t('nav.queue'), count: counts },
    { view: 'files', href: `#${paths.files()}`, label: t('nav.files') },
    { view: 'accounts', href: `#${paths.accounts()}`, label: t('nav.accounts') },
    { view: 'settings', href: `#${paths.settings()}`, label: t('nav.settings') }
  ]

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault()
          document.getElementById('main')?.focus()
        }}
      >
        {t('nav.skip')}
      </a>
      <div className="sidebar">
        <AccountSwitcher />
        <nav aria-label={t('nav.label')} className="nav">
          <ul>
            {links.map((l) => (
              <li key={l.view}>
                <a
                  href={l.href}
                  className="nav-link"
                  aria-current={current === l.view ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault()
                    navigate(l.href)
                  }}
                >
                  <span>{l.label}</span>
                  {l.count !== undefined && l.count > 0 && (
                    <span className="nav-count" aria-hidden="true">
                      {tr.num(l.count)}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {uploading > 0 && (
          <p className="sidebar-summary">
            <Icon name="up" />
            <span>{tr.tp('nav.uploading', uploading)}</span>
            {speed > 0 && <span> · {tr.speed(speed)}</span>}
          </p>
        )}
      </div>
      <div className="content">
        <OfflineBanner />
        <NoticeBanners />
        <main id="main" tabIndex={-1} className="main">
          {children}
        </main>
      </div>
      <Toasts />
      <LiveRegion />
    </div>
  )
}
