// Accounts: the list by provider (chip, masked key, status, Use/Edit/Remove) and the add/edit form.
import { useState } from 'react'
import type { AccountView } from '../../../shared/api'
import { Chip } from '../components/bits'
import { ConfirmDialog } from '../components/Dialog'
import { Icon } from '../components/Icon'
import { useActions, useFerry, useNow, useT } from '../context'
import { providerName } from '../../../shared/messages'
import { navigate, paths } from '../router'
import { groupAccountsByProvider } from '../store/selectors'
import { needsKey } from '../lib/account-form'
import { AccountForm, KeyringWarning } from './accounts/AccountForm'

export function AccountsView({ edit, focusKey, provider }: { edit: string | null; focusKey: boolean; provider: string | null }) {
  const tr = useT()
  const { t } = tr
  const accounts = useFerry((s) => s.accounts)
  const activeId = useFerry((s) => s.activeAccountId)
  const secure = useFerry((s) => s.secureKeyStorage)
  const actions = useActions()
  const now = useNow(60_000)
  const [removing, setRemoving] = useState<AccountView | null>(null)

  const editing = edit && edit !== 'new' ? accounts.find((a) => a.id === edit) : undefined
  const showForm = edit === 'new' || editing !== undefined

  const status = (a: AccountView): { text: string; tone: string } => {
    // Before any older test result: a key kept only until Ferry closed is gone after a restart, and nothing was asked since.
    if (needsKey(a)) return { text: t('accounts.keyNeeded'), tone: 'attention' }
    if (a.lastTest) {
      if (a.lastTest.ok) return { text: t('accounts.connected', { time: tr.relative(a.lastTest.at, now) }), tone: 'success' }
      return { text: a.lastTest.message || t('accounts.keyRejected'), tone: 'danger' }
    }
    if (a.provider === 'sandbox' || a.keyStorage === 'none') return { text: t('accounts.noKey'), tone: 'neutral' }
    return { text: t('accounts.notChecked'), tone: 'neutral' }
  }

  return (
    <div className="view accounts-view">
      <div className="view-head">
        <h1>{t('accounts.title')}</h1>
        {!showForm && (
          <button type="button" className="btn btn-primary" onClick={() => navigate(paths.newAccount())}>
            <Icon name="plus" /> {t('accounts.add')}
          </button>
        )}
      </div>
      {!secure && !showForm && <KeyringWarning />}

      {showForm && (
        <AccountForm
          key={edit ?? 'new'}
          account={editing}
          initialProvider={provider}
          focusKey={focusKey}
          onDone={() => navigate(paths.accounts())}
        />
      )}

      {!showForm &&
        groupAccountsByProvider(accounts).map((g) => (
          <section key={g.provider} className="account-group" aria-labelledby={`prov-${g.provider}`}>
            <h2 id={`prov-${g.provider}`} className="account-group-title">
              {providerName(tr, g.provider)}
            </h2>
            <ul className="account-list">
              {g.accounts.map((a) => {
                const st = status(a)
                const isActive = a.id === activeId
                return (
                  <li key={a.id} className="account-row">
                    <Chip chip={a.chip} />
                    <span className="account-row-name" id={`acc-${a.id}`}>{a.provider === 'sandbox' ? t('switcher.sandbox') : a.name}</span>
                    <span className="masked">{a.maskedKey ?? ''}</span>
                    <span className={`account-status tone-${st.tone}`}>
                      {st.text}
                      {a.keyStorage === 'session' && <span className="muted small"> · {t('accounts.sessionKey')}</span>}
                    </span>
                    <span className="account-actions">
                      {isActive ? (
                        <span className="badge">{t('accounts.active')}</span>
                      ) : (
                        <button type="button" className="btn btn-small" aria-describedby={`acc-${a.id}`} onClick={() => void actions.setActiveAccount(a.id)}>
                          {t('accounts.use')}
                        </button>
                      )}
                      {needsKey(a) && (
                        <button type="button" className="btn btn-small btn-primary" aria-describedby={`acc-${a.id}`} onClick={() => navigate(paths.fixKey(a.id))}>
                          {t('accounts.pasteKey')}
                        </button>
                      )}
                      {a.provider !== 'sandbox' && (
                        <>
                          <button type="button" className="btn btn-small" aria-describedby={`acc-${a.id}`} onClick={() => navigate(paths.editAccount(a.id))}>
                            {t('accounts.edit')}
                          </button>
                          <button type="button" className="btn btn-small btn-ghost" aria-describedby={`acc-${a.id}`} onClick={() => setRemoving(a)}>
                            {t('accounts.remove')}
                          </button>
                        </>
                      )}
                    </span>
                  </li>
                )
              })}
            </ul>
          </section>
        ))}

      {removing && (
        <ConfirmDialog
          title={t('accounts.removeTitle', { name: removing.name })}
          safeLabel={t('accounts.keep')}
          dangerLabel={t('accounts.removeConfirm')}
          onSafe={() => setRemoving(null)}
          onDanger={() => {
            const id = removing.id
            setRemoving(null)
            void actions.removeAccount(id)
          }}
        >
          <p>{t('accounts.removeBody', { provider: providerName(tr, removing.provider) })}</p>
        </ConfirmDialog>
      )}
    </div>
  )
}
