// The built-in local OpenAI-compatible Files + Uploads server: Ferry's embedded default provider and its test target.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extractKey } from './auth'
import { missingKey } from './errors'
import { sendJson } from './http'
import { resolveLimits } from './limits'
import { KeyedMutex } from './mutex'
import { API_PREFIX, createRequestListener } from './router'
import { SandboxStore } from './store'
import type { Sandbox, SandboxOptions, SandboxStats } from './types'

export type {
  FileObject,
  Sandbox,
  SandboxAuth,
  SandboxLimits,
  SandboxOptions,
  SandboxStats,
  UploadObject,
  UploadPartObject
} from './types'
export { DEFAULT_LIMITS, LIMITS_ENV, resolveLimits } from './limits'

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const limits = resolveLimits(opts.limits)
  const store = new SandboxStore(opts.dir)
  await store.init()
  const stats: SandboxStats = { requests: [], partBytes: 0, partsCreated: 0, filesCreated: 0, uploadsCreated: 0 }
  const state = {
    store,
    limits,
    stats,
    requireExpiresAfter: opts.requireExpiresAfter ?? false,
    now: opts.now ?? Date.now,
    uploadLocks: new KeyedMutex(),
    listLag: opts.listLag ?? 0,
    unlisted: new Map<string, number>()
  }

  const listener = createRequestListener(state, opts.auth ?? 'any')
  const server = createServer(listener)
  // A client that asks first (`Expect: 100-continue`) and has no key is refused on its headers, before it sends the body.
  server.on('checkContinue', (req, res) => {
    if (extractKey(req, opts.auth ?? 'any') !== null) {
      res.writeContinue()
      return listener(req, res)
    }
    // The body announced will never come: this connection cannot carry another request.
    res.setHeader('connection', 'close')
    sendJson(res, 401, missingKey().toBody())
  })
  // A multi-GiB body over a slow or throttled link may take hours: no whole-request deadline.
  server.requestTimeout = 0
  server.timeout = 0

  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host

  let closing: Promise<void> | null = null
  return {
    url: `http://${urlHost}:${port}${API_PREFIX}`,
    port,
    stats,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Idle keep-alive sockets and half-sent uploads would otherwise hold close() open.
        server.closeAllConnections()
      }).then(() => store.close())
      return closing
    }
  }
}
