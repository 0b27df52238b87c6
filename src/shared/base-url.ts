// Where a key may be sent: the one rule the host, the app's main process and the account form all apply.

/** Loopback names and addresses as `URL` writes them: localhost, 127.0.0.0/8, [::1]. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/** True for a `URL.hostname` that stays on this computer. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname)

/** https, or plain http only to this computer: a key never crosses a network unencrypted. */
export function sendsKeySafely(raw: string): boolean {
  if (!URL.canParse(raw)) return false
  const url = new URL(raw)
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
}
