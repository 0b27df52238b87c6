// The browser host's HTTP server: the built renderer, the FerryApi as POST /api/<verb> (JSON in, Result out) and the events as
// server-sent events at /api/events. Listens on 127.0.0.1 only; every request passes the guard.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { FerryHandlers } from '../host/handlers'
import { EventThrottle } from '../host/events'
import { dispatch, isVerb } from '../host/schemas'
import { createGuard } from './guard'
import { plain, securityHeaders, serveStatic } from './static'

const MAX_BODY = 1024 * 1024
/** A body over MAX_BODY is read to its end and dropped, so the client gets its 413; past this, the connection is cut. */
const MAX_DRAIN = 64 * MAX_BODY
const HEARTBEAT_MS = 15_000

export interface WebServerOptions {
  handlers: FerryHandlers
  /** The built renderer (out/renderer). */
  rendererDir: string
  token: string
  /** 0 = any free port. */
  port?: number
}

export interface WebServer {
  port: number
  /** The address to open, token included. */
  url: string
  close(): Promise<void>
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  let port = 0
  const guard = createGuard(() => port, opts.token)
  const root = resolve(opts.rendererDir)
  const streams = new Set<ServerResponse>()

  const server = createServer((req, res) => {
    securityHeaders(res)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!guard.sameOrigin(req)) return plain(res, 403, 'Forbidden')
    if (!url.pathname.startsWith('/api/')) return void serveStatic(root, req, res, url.pathname).catch(() => res.destroy())
    if (!guard.authorized(req, url)) return plain(res, 403, 'Forbidden')
    res.setHeader('Cache-Control', 'no-store')
    if (url.pathname === '/api/events' && req.method === 'GET') return events(res)
    const verb = url.pathname.slice('/api/'.length)
    if (req.method !== 'POST') return plain(res, 405, 'Method not allowed')
    if (!isVerb(verb)) return plain(res, 404, 'Not found')
    void call(req, res, verb)
  })

  async function call(req: IncomingMessage, res: ServerResponse, verb: Parameters<typeof dispatch>[1]): Promise<void> {
    // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which this server never grants.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return plain(res, 415, 'JSON only')
    let body: string | null
    try {
      body = await readBody(req)
    } catch {
      return void res.destroy()
    }
    if (body === null) {
      res.setHeader('Connection', 'close')
      return plain(res, 413, 'Too large')
    }
    let payload: unknown
    try {
      payload = body.trim() === '' ? undefined : JSON.parse(body)
    } catch {
      payload = Symbol('not json')
    }
    const result = await dispatch(opts.handlers, verb, payload)
    const json = JSON.stringify(result)
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) })
    res.end(json)
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
    res.write('retry: 1000\n\n')
    const throttle = new EventThrottle((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
    const off = opts.handlers.onEvent((e) => throttle.push(e))
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
    streams.add(res)
    res.on('close', () => {
      off()
      throttle.close()
      clearInterval(beat)
      streams.delete(res)
    })
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, '127.0.0.1', () => done())
  })
  port = (server.address() as AddressInfo).port
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    close: () =>
      new Promise<void>((done) => {
        for (const s of streams) s.end()
        server.close(() => done())
        server.closeAllConnections()
      })
  }
}

/** The body as text, or null when it is over MAX_BODY (read to its end and dropped, up to MAX_DRAIN). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY) chunks.push(c)
      else if (size > MAX_DRAIN) req.destroy(new Error('far too large'))
    })
    req.on('end', () => done(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}
