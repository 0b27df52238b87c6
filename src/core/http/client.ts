// One HTTP transport for every provider (got): auth headers, request ids, stall detection, error mapping. One attempt per call;
// retrying is the caller's (withRetry), because only the caller can re-create a streamed body from disk.
import { randomUUID } from 'node:crypto'
import { capitalize } from '../../shared/sentence'
import type { ClientRequest } from 'node:http'
import type { Agent as HttpsAgent } from 'node:https'
import type { Agents, Method, Request, Response } from 'got'
import { FerryError } from '../errors'
import { httpError, networkError } from './errors'
import { loadGot } from './got'
import { proxyAgentFor } from './proxy'

export interface StreamBody {
  length: number
  contentType?: string
  /** Opens a fresh stream of the body's chunks: called once per attempt; ends early (throws) once `signal` aborts. */
  open: (signal?: AbortSignal) => AsyncGenerator<Buffer>
}

export interface RequestOptions {
  method: Method
  /** Relative to the base URL … */
  path?: string
  /** … or an absolute URL (a presigned URL: no auth headers go there). */
  url?: string
  query?: Record<string, string | number | undefined>
  json?: unknown
  body?: StreamBody
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Called with the bytes of the body sent so far. */
  onProgress?: (sent: number) => void
  /** Once the body is sent, how long the answer may take before the attempt counts as stalled; unset = the server may take its
   * time (completing an upload can take minutes, and that is not a stall). */
  replyWithinMs?: number
}

export interface ApiResult<T> {
  data: T
  status: number
  requestId?: string
}

export interface ApiClientOptions {
  baseUrl: string
  providerName: string
  /** Headers that carry the key: sent to the API host only, never to an absolute (presigned) URL. */
  authHeaders: Record<string, string>
  extraHeaders?: Record<string, string>
  /** Strings that must never appear in an error (keys, tokens). */
  secrets: string[]
  /** No body progress for this long aborts the attempt as stalled. */
  stallMs?: number
}

/** No body progress for this long is a stall; FERRY_STALL_SECONDS overrides it (tests, very slow links). */
const defaultStallMs = (): number => Number(process.env.FERRY_STALL_SECONDS ?? 30) * 1000
/** How long storing a body may take once it is all sent (2 min by default): an answer that never comes is a stall. */
export const replyDeadlineMs = (): number => 4 * defaultStallMs()
const USER_AGENT = 'Ferry/0.1 (+https://github.com/ferry-app/ferry)'
/** Bodies larger than this ask first (`Expect: 100-continue`, as curl does): a refused key or an exhausted quota is heard before
 * the file is sent, not after. */
const ASK_FIRST_ABOVE = 1024 * 1024
/** A server that ignores `Expect` gets the body after this long anyway (curl waits 1 s too). */
const CONTINUE_WAIT_MS = 1000

export class ApiClient {
  readonly providerName: string
  private readonly opts: ApiClientOptions

  constructor(opts: ApiClientOptions) {
    this.opts = opts
    this.providerName = opts.providerName
  }

  get baseUrl(): string {
    return this.opts.baseUrl.replace(/\/+$/, '')
  }

  async request<T = unknown>(req: RequestOptions): Promise<ApiResult<T>> {
    const res = await this.send(req)
    const text = Buffer.from(res.rawBody).toString('utf8')
    let data: unknown = undefined
    if (text) {
      try {
        data = JSON.parse(text)
      } catch {
        throw new FerryError('bad_response', `${capitalize(this.providerName)} sent an answer Ferry could not read.`, {
          retryable: true,
          status: res.statusCode,
          hint: 'This is usually temporary. If it keeps happening, check the account’s base URL.'
        })
      }
    }
    return { data: data as T, status: res.statusCode, requestId: header(res, 'x-request-id') }
  }

  /** Sends one attempt and returns the raw response; HTTP errors become FerryErrors. */
  async send(req: RequestOptions): Promise<Response> {
    const absolute = req.url !== undefined
    const url = new URL(absolute ? req.url! : this.baseUrl + req.path)
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      ...(absolute ? {} : { ...this.opts.extraHeaders, ...this.opts.authHeaders, 'x-client-request-id': randomUUID() }),
      ...req.headers
    }
    const stall = new StallWatch(this.opts.stallMs ?? defaultStallMs())
    const signal = req.signal ? AbortSignal.any([req.signal, stall.signal]) : stall.signal
    let body: AsyncGenerator<Buffer> | string | undefined
    let gate: ContinueGate | undefined
    if (req.body) {
      body = req.body.open(signal)
      if (req.body.length > ASK_FIRST_ABOVE) {
        gate = new ContinueGate(signal)
        headers.expect = '100-continue'
        body = gate.hold(body)
      }
      headers['content-length'] = String(req.body.length)
      if (req.body.contentType) headers['content-type'] = req.body.contentType
    } else if (req.json !== undefined) {
      body = JSON.stringify(req.json)
      headers['content-type'] = 'application/json'
    }
    const total = req.body?.length ?? 0
    if (req.body && total > 0) stall.arm()
    try {
      const got = await loadGot()
      const promise = got(url, {
        method: req.method,
        headers,
        body,
        signal,
        agent: agentsFor(url.href),
        throwHttpErrors: false,
        retry: { limit: 0 },
        followRedirect: false,
        timeout: { lookup: 30_000, connect: 30_000, secureConnect: 30_000, response: 15 * 60_000 }
      })
      if (gate) promise.on('request', (r: ClientRequest) => gate.watch(r))
      if (req.body) {
        promise.on('uploadProgress', (p) => {
          // The body is all sent: from here on the server may take long to finish (assembling parts); that is not a stall.
          if (p.transferred < total) stall.arm()
          else if (req.replyWithinMs) stall.arm(req.replyWithinMs)
          else stall.disarm()
          req.onProgress?.(Math.min(p.transferred, total))
        })
      }
      const res = await promise
      if (res.statusCode >= 300) {
        throw httpError(res.statusCode, res.headers, Buffer.from(res.rawBody).toString('utf8'), this.providerName, this.opts.secrets)
      }
      return res
    } catch (err) {
      if (err instanceof FerryError) throw err
      // A local failure inside the body (the source changed or became unreadable) is not a network fault.
      if ((err as { cause?: unknown })?.cause instanceof FerryError) throw (err as { cause: FerryError }).cause
      if (stall.fired) {
        throw new FerryError('stalled', `No progress for ${Math.round(stall.ms / 1000)} s while sending to ${this.providerName}.`, {
          retryable: true,
          hint: 'The connection stalled; Ferry tries again by itself.'
        })
      }
      if (req.signal?.aborted) throw req.signal.reason ?? err
      throw networkError(err, this.providerName)
    } finally {
      stall.disarm()
      gate?.open(false)
      // Closes the file if the request ended before the body did (got stops pulling chunks on an abort).
      if (body && typeof body !== 'string') await body.return(undefined).catch(() => undefined)
    }
  }

  /** Opens a streamed GET (file content); the caller pipes it and watches for stalls through `onData`. */
  async stream(req: { path?: string; url?: string; signal?: AbortSignal }): Promise<Request> {
    const absolute = req.url !== undefined
    const url = absolute ? req.url! : this.baseUrl + req.path
    const got = await loadGot()
    return got.stream(url, {
      headers: {
        'user-agent': USER_AGENT,
        accept: 'application/octet-stream, application/binary, */*',
        ...(absolute ? {} : { ...this.opts.extraHeaders, ...this.opts.authHeaders, 'x-client-request-id': randomUUID() })
      },
      signal: req.signal,
      agent: agentsFor(url),
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { lookup: 30_000, connect: 30_000, response: 120_000, read: this.opts.stallMs ?? defaultStallMs() }
    })
  }

  httpError(status: number, headers: Record<string, string | string[] | undefined>, body: string): FerryError {
    return httpError(status, headers, body, this.providerName, this.opts.secrets)
  }
}

/**
 * Holds a body back until the server says go on (100 Continue), answers at once (a 401 or 429 heard before any byte of the file
 * went), or lets CONTINUE_WAIT_MS pass without a word.
 */
class ContinueGate {
  private decide!: (send: boolean) => void
  private readonly decided = new Promise<boolean>((resolve) => (this.decide = resolve))
  private sending: boolean | undefined
  constructor(signal: AbortSignal) {
    const timer = setTimeout(() => this.open(true), CONTINUE_WAIT_MS)
    void this.decided.then(() => clearTimeout(timer))
    signal.addEventListener('abort', () => this.open(false), { once: true })
  }
  open(send: boolean): void {
    this.sending ??= send
    this.decide(send)
  }
  watch(r: ClientRequest): void {
    r.once('continue', () => this.open(true))
    r.once('response', () => {
      // Answered before the body: the connection still owes the server bytes it will never get, so it must not be reused.
      if (!this.sending) r.shouldKeepAlive = false
      this.open(false)
    })
  }
  async *hold(body: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
    try {
      if (await this.decided) yield* body
    } finally {
      await body.return(undefined)
    }
  }
}

/** Aborts an attempt when the body stops moving; disarmed once the body is sent, so a slow finalize is never a stall. */
class StallWatch {
  private readonly ctl = new AbortController()
  private timer: NodeJS.Timeout | undefined
  fired = false
  constructor(readonly ms: number) {}
  get signal(): AbortSignal {
    return this.ctl.signal
  }
  arm(ms = this.ms): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.fired = true
      this.ctl.abort(new Error('stalled'))
    }, ms)
  }
  disarm(): void {
    clearTimeout(this.timer)
  }
}

function agentsFor(url: string): Agents | undefined {
  const a = proxyAgentFor(url)
  return a && { http: a.http, https: a.https as HttpsAgent }
}

function header(res: Response<unknown>, name: string): string | undefined {
  const v = res.headers[name]
  return Array.isArray(v) ? v[0] : v
}
