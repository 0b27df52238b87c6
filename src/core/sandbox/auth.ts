// Finds the API key on a request and maps it to its account: every distinct key is its own namespace.
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { SandboxAuth } from './types'

/** The key the request carries under the accepted schemes, or null when there is none (or it is empty). */
export function extractKey(req: IncomingMessage, mode: SandboxAuth): string | null {
  const authorization = req.headers.authorization?.trim() ?? ''
  const match = /^(Bearer|Api-Key)\s+(.*)$/i.exec(authorization)
  const scheme = match?.[1]?.toLowerCase()
  const value = match?.[2]?.trim() ?? ''
  if (value !== '') {
    if (scheme === 'bearer' && mode !== 'api-key') return value
    if (scheme === 'api-key' && mode !== 'bearer') return value
  }
  if (mode !== 'bearer') {
    const header = req.headers['api-key']
    const apiKey = (Array.isArray(header) ? header[0] : header)?.trim() ?? ''
    if (apiKey !== '') return apiKey
  }
  return null
}

/** A short, filesystem-safe, non-reversible account name: the key itself never touches the disk. */
export function accountIdForKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16)
}
