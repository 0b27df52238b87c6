// got, loaded on first use: commands that never touch the network (`ferry validate`, `ferry queue`) start ~30 MB lighter.
import type { Got } from 'got'

let loading: Promise<Got> | undefined

export function loadGot(): Promise<Got> {
  loading ??= import('got').then((m) => m.default)
  return loading
}
