// Is a provider's host answering? A real, cheap probe: any HTTP answer (even 404) means reachable; a refused, reset or silent
// connection means not. Honours the proxy settings the uploads themselves use.
import { loadGot } from '../http/got'
import { proxyAgentFor } from '../http/proxy'

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

/** The origin (scheme://host:port) of a base URL, or null when it is not a URL. */
export function originOf(baseUrl: string): string | null {
  try {
    return new URL(baseUrl).origin
  } catch {
    return null
  }
}
