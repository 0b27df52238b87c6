// Where an account's key may go: its base URL is https, or plain http only to this computer (a local server, the sandbox),
// so a key never crosses a network unencrypted. And a key follows its host: it is not sent to another one.
import { FerryError } from '../errors'
import { DEFAULT_BASE_URLS } from '../providers'
import type { AccountConfig } from '../providers/types'

/** Loopback names and addresses as `URL` writes them: localhost, 127.0.0.0/8, [::1]. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/** True for a `URL.hostname` that stays on this computer. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname)

export function checkBaseUrl(raw: string): void {
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    // worded below
  }
  if (url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.test(url.hostname))) return
  if (url?.protocol === 'http:') {
    throw new FerryError('insecure_base_url', 'The base URL must start with https://; plain http:// would send your key unencrypted.', {
      hint: 'Use the https:// address. Plain http:// is only for a server on this computer (localhost, 127.0.0.1).'
    })
  }
  throw new FerryError('invalid_input', 'The base URL must start with https://.', { hint: 'Copy the whole address.' })
}

/** The origin (scheme, host, port) an account's key is sent to; null when it has none yet. */
export function keyOrigin(account: Pick<AccountConfig, 'provider' | 'baseUrl'>): string | null {
  const url = account.baseUrl ?? DEFAULT_BASE_URLS[account.provider]
  try {
    return url ? new URL(url).origin : null
  } catch {
    return null
  }
}
