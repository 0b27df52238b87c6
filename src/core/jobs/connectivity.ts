// Is a provider's host answering? A real, cheap probe: any HTTP answer (even 404) means reachable; a refused, reset or silent
// connection means not. Honours the proxy settings the uploads themselves use.
import { loadGot } from '../http/got'
import { proxyAgentFor } from '../http/proxy'
import { originOf } from '../http/url'
import type { AccountConfig } from '../providers/types'

/** Returns the origins (of those given) that did not answer. */
export type ReachabilityProbe = (origins: string[]) => Promise<string[]>

export function httpProbe(timeoutMs = 3_000): ReachabilityProbe {
  return async (origins) => {
    const answers = await Promise.all(origins.map(async (origin) => ((await answers1(origin, timeoutMs)) ? null : origin)))
    return answers.filter((o): o is string => o !== null)
  }
}

async function answers1(origin: string, timeoutMs: number): Promise<boolean> {
  try {
    const agent = proxyAgentFor(origin)
    const got = await loadGot()
    await got(origin, {
      method: 'HEAD',
      throwHttpErrors: false,
      retry: { limit: 0 },
      followRedirect: false,
      timeout: { request: timeoutMs },
      ...(agent ? { agent: { http: agent.http, https: agent.https as never } } : {})
    })
    return true
  } catch {
    return false
  }
}

export interface Connectivity {
  online: boolean
  /** Origins of providers that do not answer. */
  unreachable: string[]
}

export interface MonitorOptions {
  /** The base URL an account's uploads go to; null = not probed. */
  endpointOf: (account: AccountConfig) => Promise<string | null>
  probe?: ReachabilityProbe
  /** The operating system's own view (Electron's net.isOnline); assumed online when absent. */
  isOnline?: () => boolean
  onChange: (c: Connectivity) => void
}

/** Which providers answer, probed for the accounts that have uploads waiting or running. */
export class ConnectivityMonitor {
  private readonly origins = new Map<string, Promise<string | null>>()
  private readonly known = new Map<string, string | null>()
  private unreachable = new Set<string>()
  private online = true
  private probing = false
  private readonly probe: ReachabilityProbe

  constructor(private readonly opts: MonitorOptions) {
    this.probe = opts.probe ?? httpProbe()
  }

  state(): Connectivity {
    return { online: this.online, unreachable: [...this.unreachable] }
  }

  /** True when the account's host was found not answering (known only once it has been probed). */
  isDown(account: AccountConfig): boolean {
    const origin = this.known.get(account.id)
    return !!origin && this.unreachable.has(origin)
  }

  /** An account's address changed: probe its new one. */
  forget(accountId: string): void {
    this.origins.delete(accountId)
    this.known.delete(accountId)
  }

  /** Probes the hosts of these accounts; returns the ids of accounts whose host answers again after not answering. */
  async check(accounts: AccountConfig[]): Promise<Set<string>> {
    const recoveredAccounts = new Set<string>()
    if (this.probing) return recoveredAccounts
    this.probing = true
    try {
      const byOrigin = new Map<string, string[]>()
      for (const account of accounts) {
        const origin = await this.originFor(account)
        if (origin) byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), account.id])
      }
      const origins = [...byOrigin.keys()]
      const down = new Set(origins.length > 0 ? await this.probe(origins) : [])
      const recovered = [...this.unreachable].filter((o) => !down.has(o))
      // Nothing answers at all: as far as the person can tell, the computer is offline.
      const online = (this.opts.isOnline?.() ?? true) && !(origins.length > 0 && down.size === origins.length)
      const changed = online !== this.online || down.size !== this.unreachable.size || recovered.length > 0
      this.unreachable = down
      this.online = online
      if (changed) this.opts.onChange(this.state())
      for (const origin of recovered) for (const id of byOrigin.get(origin) ?? []) recoveredAccounts.add(id)
    } catch {
      // A probe that itself fails tells nothing; the next tick tries again.
    } finally {
      this.probing = false
    }
    return recoveredAccounts
  }

  private originFor(account: AccountConfig): Promise<string | null> {
    let p = this.origins.get(account.id)
    if (!p) {
      p = this.opts
        .endpointOf(account)
        .then((url) => (url ? originOf(url) : null))
        .catch(() => null)
        .then((origin) => {
          this.known.set(account.id, origin)
          return origin
        })
      this.origins.set(account.id, p)
    }
    return p
  }
}
