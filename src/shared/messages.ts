// Turns a job's ErrorInfo (and restart flags) into the plain message of UI.md §6: a title, what to do, and its button.
import type { JobView, ProviderId } from './api'
import type { ErrorInfo } from './errors'
import type { TextKey, Translator } from './locale'
import type { JobAction } from './jobs'

export interface PlainMessage {
  code: string
  title: string
  body: string
  action?: JobAction
  tone: 'danger' | 'attention' | 'neutral'
  /** The engine's own wording, shown under Details. */
  details?: string
}

export function providerName(tr: Translator, provider: ProviderId): string {
  return tr.t(`provider.${provider}` as TextKey)
}

export function purposeName(tr: Translator, purpose: string): string {
  const key = `purpose.${purpose}` as TextKey
  const text = tr.t(key)
  return text === key ? purpose : text
}

/** Codes grouped by the §6 message they show. */
const AUTH = new Set(['auth_failed', 'invalid_api_key', 'forbidden'])
const QUOTA = new Set(['quota_exceeded', 'insufficient_quota'])
const TOO_LARGE = new Set(['file_too_large', 'upload_too_large', 'too_large'])
const CHANGED = new Set(['source_changed'])
const RESTARTED = new Set(['restarted', 'upload_expired', 'session_expired'])
const NEW_LINK = new Set(['link_expired', 'presigned_expired', 'url_expired'])
const NETWORK = new Set(['network', 'offline', 'waiting_for_network', 'connection'])
const BUSY = new Set(['server_error', 'rate_limited', 'stalled', 'unavailable', 'timeout'])
const DISK = new Set(['disk_full'])
const REPAIRED = new Set(['store_repaired', 'store_damaged', 'queue_repaired', 'damaged_store', 'queue_damaged'])
const MISSING = new Set(['file_missing', 'source_missing'])
/** One-time notices from the host, worded here from their params (a path, a process id). */
const NOTICES: Record<string, [TextKey, TextKey]> = {
  accounts_repaired: ['notice.accounts.title', 'notice.accounts.body'],
  account_details_reset: ['notice.accountDetails.title', 'notice.accountDetails.body'],
  settings_repaired: ['notice.settings.title', 'notice.settings.body'],
  keys_repaired: ['notice.keys.title', 'notice.keys.body'],
  queue_busy: ['notice.busy.title', 'notice.busy.body']
}

export interface MessageContext {
  provider: ProviderId
  account: string
  name?: string
  size?: number
  purpose?: string
  retryIn?: number | null
}

/** The §6 message for an ErrorInfo, in the user's language; unknown codes fall back to the engine's own words. */
export function describeError(tr: Translator, error: ErrorInfo, ctx: MessageContext): PlainMessage {
  const provider = providerName(tr, ctx.provider)
  const account = ctx.account
  const name = ctx.name ?? ''
  const c = error.code
  const details = [error.message, error.hint].filter(Boolean).join(' ')
  if (AUTH.has(c))
    return { code: c, tone: 'danger', title: tr.t('err.auth.title'), body: tr.t('err.auth.body', { provider, account }), action: 'fixKey', details }
  // No key on this computer (kept only in memory before a restart, or never given): nothing was refused, it is asked for.
  if (c === 'key_needed')
    return { code: c, tone: 'attention', title: tr.t('err.keyNeeded.title'), body: tr.t('err.keyNeeded.body', { provider, account }), action: 'fixKey', details }
  if (QUOTA.has(c))
    return { code: c, tone: 'danger', title: tr.t('err.quota.title'), body: tr.t('err.quota.body', { provider, account }), action: 'retry', details }
  if (TOO_LARGE.has(c)) {
    // The limit is only in the engine's words: show them (they say "the limit is …").
    return { code: c, tone: 'danger', title: tr.t('err.tooLarge.title', { provider }), body: error.message, details: error.hint }
  }
  if (CHANGED.has(c))
    return { code: c, tone: 'danger', title: tr.t('err.changed.title'), body: tr.t('err.changed.body', { name }), action: 'startOver', details }
  if (RESTARTED.has(c)) return { code: c, tone: 'neutral', title: tr.t('err.restarted.title'), body: tr.t('err.restarted.body', { provider }), details }
  if (c === 'upload_window_too_short' && error.params)
    return { code: c, tone: 'danger', title: tr.t('err.window.title'), body: tr.t('err.window.body', { ...error.params, name, provider }), action: 'retry', details }
  if (c === 'completed_not_listed')
    return { code: c, tone: 'attention', title: tr.t('err.notListed.title'), body: tr.t('err.notListed.body', { name, provider }), details }
  if (NEW_LINK.has(c)) return { code: c, tone: 'neutral', title: tr.t('err.newLink.title'), body: tr.t('err.newLink.body', { provider }), details }
  if (NETWORK.has(c))
    return { code: c, tone: 'attention', title: tr.t('err.network.title'), body: tr.t('err.network.body'), action: 'pause', details }
  if (BUSY.has(c)) {
    const n = ctx.retryIn
    return {
      code: c,
      tone: 'attention',
      title: tr.t('err.busy.title', { provider }),
      body: n === null || n === undefined ? tr.t('err.busy.bodySoon') : tr.t('err.busy.body', { n }),
      action: 'retryNow',
      details
    }
  }
  if (DISK.has(c)) return { code: c, tone: 'danger', title: tr.t('err.disk.title'), body: tr.t('err.disk.bodyShort', { name }), details }
  if (REPAIRED.has(c)) return { code: c, tone: 'attention', title: tr.t('err.repaired.title'), body: tr.t('err.repaired.bodyShort'), details }
  if (MISSING.has(c)) return { code: c, tone: 'danger', title: tr.t('err.missing.title'), body: tr.t('err.missing.body', { name }), details }
  const notice = NOTICES[c]
  if (notice && error.params) return { code: c, tone: 'attention', title: tr.t(notice[0]), body: tr.t(notice[1], error.params), details }
  return { code: c, tone: 'danger', title: error.message || tr.t('err.generic.title'), body: error.hint }
}

/** True for a notice about the upload list being restored from a backup. */
export function isRepairNotice(error: ErrorInfo): boolean {
  return REPAIRED.has(error.code) || /repair|damaged|restor/i.test(error.code)
}

/** The message a queue row shows for its job, if any. */
export function jobMessage(tr: Translator, job: JobView, retryIn: number | null): PlainMessage | null {
  const ctx: MessageContext = {
    provider: job.provider,
    account: job.accountName,
    name: job.file.name,
    size: job.file.size,
    purpose: job.purpose,
    retryIn
  }
  if (job.state === 'needs-fixing') {
    if (job.error && TOO_LARGE.has(job.error.code)) return describeError(tr, job.error, ctx)
    // Lines with problems, each once, as the panel counts them; whole-file problems alone are "this file".
    const n = job.check?.errorLines ?? job.check?.errors ?? 0
    const provider = providerName(tr, job.provider)
    return {
      code: 'needs_fixing',
      tone: 'danger',
      title: tr.t('err.invalid.title'),
      body: n > 0 ? tr.tp('err.invalid.body', n, { provider }) : tr.t('err.invalidFile.body', { provider }),
      action: 'showProblems'
    }
  }
  if (job.state === 'waiting-for-network') return describeError(tr, job.error ?? { code: 'network', message: '', hint: '' }, ctx)
  if (job.state === 'key-needed') return describeError(tr, job.error ?? { code: 'key_needed', message: '', hint: '' }, ctx)
  if (job.state === 'retrying' && job.error && QUOTA.has(job.error.code)) return describeError(tr, job.error, ctx)
  if (job.error && job.state !== 'completed' && job.state !== 'cancelled') return describeError(tr, job.error, ctx)
  if (job.renewal) return describeError(tr, { code: job.renewal, message: '', hint: '' }, ctx)
  return null
}
