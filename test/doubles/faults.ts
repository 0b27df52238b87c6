// A fault-injecting HTTP proxy for tests: forwards (streaming) to one target, or answers, resets, stalls or drops per rule.
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { drain, listen } from './server'

export type FaultAction =
  /** Answer this instead of forwarding (after reading the request body). */
  | { status: number; headers?: Record<string, string>; body?: string | object }
  /** Forward nothing; read this many request-body bytes, then reset the client's connection. */
  | { resetAfterBodyBytes: number }
  /** Read nothing for this long (no bytes flow), then forward normally. */
  | { stallMs: number }
  /** Forward the whole request and let the target process it, then drop the client's connection unanswered. */
  | { dropResponse: true }
  /** Forward the whole request and let the target process it, then never answer: the connection stays open and silent. */
  | { holdResponse: true }

export interface FaultRule {
  /** Case-insensitive; any method when absent. */
  method?: string
  /** Tested against the request path without the query string; any path when absent. */
  path?: RegExp
  /** How many matching requests to fault; default 1, Infinity allowed. */
  times?: number
  /** Let this many matching requests through untouched first. */
  skip?: number
  action: FaultAction
}

export interface FaultLogEntry {
  method: string
  path: string
  /** The status the client got, or how its connection was cut. */
  status: number | 'reset' | 'dropped' | 'held'
}

export interface FaultProxy {
  /** Same path prefix as the target: target `http://127.0.0.1:A/v1` → `http://127.0.0.1:B/v1`. */
  url: string
  close(): Promise<void>
  addRule(rule: FaultRule): void
  clearRules(): void
  log: FaultLogEntry[]
  /** Every request as it arrives (the log has them once answered), e.g. to act while one is stalled. */
  arrivals: { method: string; path: string }[]
  /** Request-body bytes that reached the proxy from the client, of every request (also those cut off): what the link carried. */
  readonly bytesIn: number
  /** A link this fast (bytes per second, all requests together), or null for loopback speed. */
  setRate(bytesPerSecond: number | null): void
}

interface ActiveRule {
  rule: FaultRule
  skipLeft: number
  timesLeft: number
}

/** Hop-by-hop headers belong to one connection (and the proxy answers `Expect` itself); Transfer-Encoding is kept on requests so chunked stays chunked. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'upgrade', 'te', 'trailer', 'expect']

function forwardableHeaders(headers: IncomingHttpHeaders, dropTransferEncoding: boolean): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers }
  for (const name of HOP_BY_HOP) delete out[name]
  if (dropTransferEncoding) delete out['transfer-encoding']
  return out
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl)
  const agent = new Agent({ keepAlive: true })
  const rules: ActiveRule[] = []
  const log: FaultLogEntry[] = []
  const arrivals: { method: string; path: string }[] = []
  const timers = new Set<NodeJS.Timeout>()
  let bytesIn = 0
  let rate: number | null = null
  /** When the link is free again (ms): each chunk takes its time at `rate`, and the reading waits for it. */
  let linkFreeAt = 0

  function pickRule(method: string, path: string): FaultRule | null {
    for (const active of rules) {
      const { rule } = active
      if (rule.method && rule.method.toUpperCase() !== method) continue
      if (rule.path && !rule.path.test(path)) continue
      if (active.skipLeft > 0) {
        active.skipLeft--
        continue
      }
      active.timesLeft--
      if (active.timesLeft <= 0) rules.splice(rules.indexOf(active), 1)
      return rule
    }
    return null
  }

  function forward(req: IncomingMessage, res: ServerResponse, path: string, dropResponse: boolean, holdResponse = false): void {
    const method = req.method ?? 'GET'
    const upstream = request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method,
      path: req.url,
      agent,
      headers: { ...forwardableHeaders(req.headers, false), host: target.host }
    })
    // Detect the client going away through the response: a request's 'close' also fires after a normal end.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
    upstream.on('response', (answer) => {
      if (holdResponse) {
        answer.resume()
        answer.on('end', () => log.push({ method, path, status: 'held' }))
        return
      }
      if (dropResponse) {
        // Let the target finish its reply, then lose it: the client never sees a status line.
        answer.resume()
        answer.on('end', () => {
          log.push({ method, path, status: 'dropped' })
          req.socket.destroy()
        })
        return
      }
      res.writeHead(answer.statusCode ?? 502, forwardableHeaders(answer.headers, true))
      answer.pipe(res)
      res.on('finish', () => log.push({ method, path, status: answer.statusCode ?? 502 }))
      answer.on('error', () => res.destroy())
    })
    upstream.on('error', () => {
      if (res.headersSent || res.destroyed) return void res.destroy()
      const body = JSON.stringify({ error: { message: 'fault proxy: target unreachable', type: 'proxy_error', param: null, code: null } })
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
      log.push({ method, path, status: 502 })
    })
    // The body goes through at the link's pace: reading pauses while a chunk "travels", so the client's sends back up.
    req.on('data', (chunk: Buffer) => {
      upstream.write(chunk)
      if (!rate) return
      const now = Date.now()
      linkFreeAt = Math.max(now, linkFreeAt) + (chunk.length / rate) * 1000
      if (linkFreeAt - now < 1) return
      req.pause()
      const timer = setTimeout(() => {
        timers.delete(timer)
        req.resume()
      }, linkFreeAt - now)
      timers.add(timer)
    })
    req.on('end', () => upstream.end())
    // A stalled request was paused explicitly: a 'data' listener alone would not start it flowing again.
    req.resume()
  }

  /** Answers after reading the body; `early`: on the headers alone, as a server does to a client that sent `Expect: 100-continue`. */
  function answer(req: IncomingMessage, res: ServerResponse, path: string, action: Extract<FaultAction, { status: number }>, early = false): void {
    void (early ? Promise.resolve() : drain(req)).then(() => {
      if (req.destroyed && !req.complete && !early) return
      const headers: Record<string, string> = { ...action.headers }
      let body = ''
      if (typeof action.body === 'string') body = action.body
      else if (action.body !== undefined) {
        body = JSON.stringify(action.body)
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
      }
      headers['content-length'] = String(Buffer.byteLength(body))
      // The client never sends the body it announced: this connection cannot carry another request.
      if (early) headers.connection = 'close'
      res.writeHead(action.status, headers)
      res.end(body)
      log.push({ method: req.method ?? 'GET', path, status: action.status })
    })
  }

  function resetAfter(req: IncomingMessage, path: string, limit: number): void {
    const reset = (): void => {
      if (req.socket.destroyed) return
      log.push({ method: req.method ?? 'GET', path, status: 'reset' })
      req.socket.resetAndDestroy()
    }
    if (limit <= 0) return reset()
    let seen = 0
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length
      if (seen >= limit) reset()
    })
    // A body shorter than the limit is cut once it has all arrived.
    req.on('end', reset)
  }

  function handle(req: IncomingMessage, res: ServerResponse, expectsContinue = false): void {
    // Every body byte that reaches the proxy counts, whatever is then done with it (forwarded, drained, cut off).
    req.on('data', (chunk: Buffer) => void (bytesIn += chunk.length))
    const method = (req.method ?? 'GET').toUpperCase()
    const path = new URL(req.url ?? '/', 'http://proxy.local').pathname
    arrivals.push({ method, path })
    const rule = pickRule(method, path)
    const action = rule?.action
    // A client that asked first hears an answer decided on the headers before it sends its body; others are told to go on.
    if (expectsContinue && !(action && 'status' in action)) res.writeContinue()
    if (!action) return forward(req, res, path, false)
    if ('status' in action) return answer(req, res, path, action, expectsContinue)
    if ('resetAfterBodyBytes' in action) return resetAfter(req, path, action.resetAfterBodyBytes)
    if ('dropResponse' in action) return forward(req, res, path, true)
    if ('holdResponse' in action) return forward(req, res, path, false, true)
    // Stall: nothing is read or forwarded until the time is up; the client's sends back up in the socket buffers.
    req.pause()
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (!res.destroyed) forward(req, res, path, false)
    }, action.stallMs)
    timers.add(timer)
    res.on('close', () => {
      clearTimeout(timer)
      timers.delete(timer)
    })
  }
  const proxy = await listen((req, res) => handle(req, res))
  proxy.server.on('checkContinue', (req, res) => handle(req, res, true))

  const prefix = target.pathname.replace(/\/$/, '')
  return {
    url: `${proxy.origin}${prefix}`,
    log,
    arrivals,
    addRule(rule: FaultRule) {
      rules.push({ rule, skipLeft: rule.skip ?? 0, timesLeft: rule.times ?? 1 })
    },
    clearRules() {
      rules.length = 0
    },
    get bytesIn() {
      return bytesIn
    },
    setRate(bytesPerSecond) {
      rate = bytesPerSecond
    },
    async close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await proxy.close()
      agent.destroy()
    }
  }
}
