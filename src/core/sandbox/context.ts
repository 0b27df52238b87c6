// What every sandbox request handler gets: the shared server state plus this request's account and URL.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { KeyedMutex } from './mutex'
import type { AccountStore, SandboxStore } from './store'
import type { SandboxLimits, SandboxStats } from './types'

export interface SandboxState {
  store: SandboxStore
  limits: SandboxLimits
  stats: SandboxStats
  requireExpiresAfter: boolean
  /** Milliseconds, injectable for expiry tests. */
  now: () => number
  uploadLocks: KeyedMutex
  /** Eventual consistency: a new File is left out of this many `GET /files` answers (retrieve finds it at once). */
  listLag: number
  /** File id → listings it is still left out of. */
  unlisted: Map<string, number>
}

export interface RequestContext {
  state: SandboxState
  req: IncomingMessage
  res: ServerResponse
  account: AccountStore
  query: URLSearchParams
  /** Path parameters captured by the route, in order. */
  params: string[]
}

/** A handler returns the JSON body of a 200 reply, or nothing when it wrote the response itself (streams). */
export type Handler = (ctx: RequestContext) => Promise<unknown>

export const nowSeconds = (state: SandboxState): number => Math.floor(state.now() / 1000)
