// Where an account's key may go: its base URL is https, or plain http only to this computer (a local server, the sandbox),
// so a key never crosses a network unencrypted. And a key follows its host: it is not sent to another one.
import { sendsKeySafely } from '../../shared/base-url'
import { FerryError } from '../errors'
import { DEFAULT_BASE_URLS } from '../providers'
import type { AccountConfig } from '../providers/types'

/** Throws unless a key may go to `raw` (shared/base-url.ts), in words that say why. */
export function checkBaseUrl(raw: string): void {
  if (sendsKeySafely(raw)) return
  if (URL.canParse(raw) && new URL(raw).protocol === 'http:') {
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
