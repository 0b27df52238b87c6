// Honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY: corporate networks are common among Ferry's users.
import type { Agent } from 'node:http'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { getProxyForUrl } from 'proxy-from-env'

const agents = new Map<string, Agent>()

/** got's `agent` option for a request to `url`, or undefined for a direct connection. */
export function proxyAgentFor(url: string): { http: Agent; https: Agent } | undefined {
  const proxy = getProxyForUrl(url)
  if (!proxy) return undefined
  let agent = agents.get(proxy)
  if (!agent) {
    agent = new HttpsProxyAgent(proxy, { keepAlive: true })
    agents.set(proxy, agent)
  }
  return { http: agent, https: agent }
}
