// The engine's errors in the words of UI.md §6 ("what happened, then what to do"), for job rows, results and notices.
import type { ErrorInfo } from '../shared/errors'
import { capitalize } from '../shared/sentence'

export interface ErrorContext {
  /** The provider as people know it ("OpenAI"). */
  provider: string
  /** The account's name ("Work"). */
  account: string
  /** The file's name, for errors about one file. */
  file?: string
}

export function present(info: ErrorInfo, ctx: ErrorContext): ErrorInfo {
  const keep = (message: string, hint: string): ErrorInfo => ({ ...info, message, hint })
  switch (info.code) {
    case 'auth_failed':
      return keep(`Key not accepted. ${capitalize(ctx.provider)} refused "${ctx.account}"'s key (incomplete or revoked?).`, 'Paste a new one; uploads wait.')
    case 'quota_exceeded':
      return keep(`Out of quota. "${ctx.account}" has no credit or storage left at ${ctx.provider}.`, 'Add credit or delete files there, then retry.')
    case 'source_changed':
      return keep(
        `File changed. "${ctx.file ?? 'The file'}" changed after you added it; Ferry stopped rather than send mixed data.`,
        'Start over to send it as it is now.'
      )
    case 'network':
    case 'timeout':
      return keep('Waiting for network. The connection dropped; the upload resumes by itself.', '')
    case 'server_error':
    case 'rate_limited':
    case 'stalled':
      return keep(`${capitalize(ctx.provider)} isn't responding. It may be busy or down.`, 'Ferry tries again by itself.')
    default:
      return info
  }
}

/** Test connection's own wording (UI.md §5). */
export function presentTest(info: ErrorInfo, host: string): ErrorInfo {
  // No key to try: the provider was not asked, so it refused nothing.
  if (info.code === 'key_needed') return { ...info, message: 'Key needed: paste it again.', hint: `Ferry has no key for this account now (it was kept only until Ferry closed); nothing was sent to ${host}.` }
  if (info.code === 'auth_failed' || info.code === 'forbidden') return { ...info, message: 'The key was not accepted. Check that you copied all of it.', hint: 'Paste the key again.' }
  if (info.code === 'network' || info.code === 'timeout') return { ...info, message: `Can't reach ${host}. Check the address and your connection.`, hint: '' }
  return info
}

/**
 * Notices for damaged stores: moved aside intact, never wiped (UI.md §6 "Upload list repaired."). The renderer words each
 * code in the user's language from `params`; the English here is for logs and the HTTP API.
 */
export function repairedNotice(what: 'queue' | 'accounts' | 'settings' | 'account-details' | 'keys', movedTo: string[]): ErrorInfo {
  const where = movedTo.join(', ')
  const params = { where, n: movedTo.length }
  switch (what) {
    case 'queue':
      return {
        code: 'queue_repaired',
        message: `Upload list repaired. ${movedTo.length === 1 ? 'One entry was' : `${movedTo.length} entries were`} damaged and moved aside (to ${where}); nothing was deleted.`,
        hint: 'Add the files queued in those entries again.',
        params
      }
    case 'accounts':
      return { code: 'accounts_repaired', message: `Your accounts file was damaged and was moved aside (to ${where}); nothing was deleted.`, hint: 'Add your accounts again.', params }
    case 'account-details':
      return { code: 'account_details_reset', message: `Account colours and the active account were reset: their file was damaged and moved aside (to ${where}).`, hint: 'Choose your account again in the switcher.', params }
    case 'settings':
      return { code: 'settings_repaired', message: `Settings were reset to the defaults: the settings file was damaged and moved aside (to ${where}).`, hint: 'Set your preferences again in Settings.', params }
    case 'keys':
      return { code: 'keys_repaired', message: `Saved keys could not be read and were moved aside (to ${where}).`, hint: 'Paste your keys again in Accounts.', params }
  }
}
