// Banners above every view: offline (after 3 s), an unreachable provider, and one-time notices such as a repaired upload list.
import { useEffect, useState } from 'react'
import type { ProviderId } from '../../../shared/api'
import { useActions, useFerry, useT } from '../context'
import { describeError, providerName } from '../../../shared/messages'
import { jobStatus } from '../store/selectors'
import { Icon } from './Icon'

export const OFFLINE_BANNER_DELAY_MS = 3_000
const PROVIDERS: readonly string[] = ['openai', 'netmind', 'yandex', 'azure', 'compatible', 'sandbox']

export function OfflineBanner() {
  const tr = useT()
  const online = useFerry((s) => s.online)
  const since = useFerry((s) => s.offlineSince)
  const unreachable = useFerry((s) => s.unreachable)
  const accounts = useFerry((s) => s.accounts)
  const [, force] = useState(0)

  const waited = since === null ? 0 : Date.now() - since
  useEffect(() => {
    if (online || since === null || waited >= OFFLINE_BANNER_DELAY_MS) return
    const id = setTimeout(() => force((n) => n + 1), OFFLINE_BANNER_DELAY_MS - waited + 20)
    return () => clearTimeout(id)
  }, [online, since, waited])

  if (!online && waited >= OFFLINE_BANNER_DELAY_MS) {
    return (
      <div className="banner tone-bg-attention" role="status">
        <Icon name="wifi-off" />
        <p>{tr.t('offline')}</p>
      </div>
    )
  }
  const host = online ? unreachable[0] : undefined
  if (host) {
    const provider = PROVIDERS.includes(host) ? providerName(tr, host as ProviderId) : host
    const names = accounts.filter((a) => a.provider === host || a.baseUrl?.includes(host)).map((a) => a.name)
    return (
      <div className="banner tone-bg-attention" role="status">
        <Icon name="wifi-off" />
        <p>{tr.t('offline.host', { provider, account: names.join(', ') || provider })}</p>
      </div>
    )
  }
  return null
}

export function NoticeBanners() {
  const tr = useT()
  const notices = useFerry((s) => s.notices)
  const actions = useActions()
  if (notices.length === 0) return null
  return (
    <>
      {notices.map((n, i) => {
        const msg = describeError(tr, n, { provider: 'sandbox', account: '' })
        return (
          <div key={`${n.code}-${i}`} className="banner tone-bg-attention" role="alert">
            <Icon name="info" />
            <p>
              <strong>{msg.title}</strong> {msg.body}
            </p>
            <button type="button" className="btn" onClick={() => actions.dismissNotice(i)}>
              {tr.t('action.ok')}
            </button>
          </div>
        )
      })}
    </>
  )
}

export function Toasts() {
  const { t } = useT()
  const toasts = useFerry((s) => s.toasts)
  const actions = useActions()
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label={t('toast.region')}>
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone === 'error' ? 'toast-error' : ''}`}>
          <span>{toast.text}</span>
          <button type="button" className="btn-icon" aria-label={t('action.dismiss')} onClick={() => actions.dismissToast(toast.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  )
}

/** Announces job state changes (not progress) to screen readers. */
export function LiveRegion() {
  const tr = useT()
  const a = useFerry((s) => s.announcement)
  const job = useFerry((s) => (a ? s.jobs[a.jobId] : undefined))
  let text = ''
  if (a && job && job.state === a.state) {
    const status = jobStatus(job, undefined, Date.now())
    text = tr.t('job.announce', { name: a.name, state: tr.t(status.key, status.params) })
  }
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  )
}
