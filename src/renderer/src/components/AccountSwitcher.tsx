// The account switcher at the top of the sidebar: the active account's chip and name; a menu of accounts by provider.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useActions, useFerry, useT } from '../context'
import { providerName } from '../../../shared/messages'
import { navigate, paths } from '../router'
import { groupAccountsByProvider, selectActiveAccount } from '../store/selectors'
import { Chip } from './bits'
import { Icon } from './Icon'

export const OPEN_SWITCHER_EVENT = 'ferry:open-switcher'

export function AccountSwitcher() {
  const tr = useT()
  const { t } = tr
  const accounts = useFerry((s) => s.accounts)
  const active = useFerry(selectActiveAccount)
  const actions = useActions()
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const onOpen = () => setOpen(true)
    window.addEventListener(OPEN_SWITCHER_EVENT, onOpen)
    return () => window.removeEventListener(OPEN_SWITCHER_EVENT, onOpen)
  }, [])

  useEffect(() => {
    if (!open) return
    const items = menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]')
    const checked = menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')
    ;(checked ?? items?.[0])?.focus()
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const close = (refocus = true) => {
    setOpen(false)
    if (refocus) button.current?.focus()
  }

  const onMenuKey = (e: KeyboardEvent) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])
    const i = items.indexOf(document.activeElement as HTMLElement)
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      close()
    } else if (e.key === 'ArrowDown') {
      e.preventDefault()
      items[(i + 1) % items.length]?.focus()
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      items[(i - 1 + items.length) % items.length]?.focus()
    } else if (e.key === 'Home') {
      e.preventDefault()
      items[0]?.focus()
    } else if (e.key === 'End') {
      e.preventDefault()
      items[items.length - 1]?.focus()
    } else if (e.key === 'Tab') {
      close(false)
    }
  }

  const choose = async (id: string) => {
    close()
    if (id !== active?.id) await actions.setActiveAccount(id)
  }

  const name = active?.name ?? t('switcher.none')
  const provider = active ? (active.provider === 'sandbox' ? t('switcher.sandbox') : providerName(tr, active.provider)) : ''

  return (
    <div className="switcher">
      <button
        ref={button}
        type="button"
        className="switcher-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'switcher-menu' : undefined}
        aria-label={t('switcher.label', { name, provider })}
        onClick={() => setOpen((o) => !o)}
      >
        <Chip chip={active?.chip} />
        <span className="switcher-text">
          <span className="switcher-name">{name}</span>
          <span className="switcher-provider">{provider}</span>
        </span>
        <Icon name="chevron" className="switcher-chevron" />
      </button>
      {open && (
        <div ref={menu} id="switcher-menu" className="menu" role="menu" aria-label={t('switcher.menu')} onKeyDown={onMenuKey}>
          {groupAccountsByProvider(accounts).map((g) => (
            <div key={g.provider} role="group" aria-label={providerName(tr, g.provider)} className="menu-group">
              <div className="menu-group-label" aria-hidden="true">
                {providerName(tr, g.provider)}
              </div>
              {g.accounts.map((a) => (
                <div
                  key={a.id}
                  role="menuitemradio"
                  aria-checked={a.id === active?.id}
                  tabIndex={-1}
                  className="menu-item"
                  onClick={() => void choose(a.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault()
                      void choose(a.id)
                    }
                  }}
                >
                  <Chip chip={a.chip} />
                  <span className="menu-item-name">{a.provider === 'sandbox' ? t('switcher.sandbox') : a.name}</span>
                  {a.maskedKey && <span className="masked">{a.maskedKey}</span>}
                  {a.id === active?.id && <Icon name="check" />}
                </div>
              ))}
            </div>
          ))}
          <div
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            onClick={() => {
              close(false)
              navigate(paths.newAccount())
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault()
                close(false)
                navigate(paths.newAccount())
              }
            }}
          >
            <Icon name="plus" />
            <span className="menu-item-name">{t('switcher.add')}</span>
          </div>
        </div>
      )}
    </div>
  )
}
