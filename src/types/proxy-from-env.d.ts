declare module 'proxy-from-env' {
  /** The proxy URL HTTP(S)_PROXY / NO_PROXY choose for `url`, or '' for a direct connection. */
  export function getProxyForUrl(url: string): string
}
