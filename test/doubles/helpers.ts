// Raw-HTTP helpers for the doubles' tests: requests whose framing (length, chunking, headers) fetch would not allow.
import { request } from 'node:http'
import { connect } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

/** Runs `fn` after the current test (servers to close, dirs to remove), last registered first. */
export function onCleanup(fn: () => Promise<unknown>): void {
  cleanups.push(fn)
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-doubles-'))
  onCleanup(() => rm(dir, { recursive: true, force: true }))
  return dir
}

export interface RawReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One request with node:http; `chunked` sends the body without Content-Length. */
export function send(
  url: string,
  opts: { method: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean }
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const body = opts.body ?? ''
    const headers: Record<string, string | number> = { ...opts.headers }
    if (!opts.chunked) headers['content-length'] = Buffer.byteLength(body)
    const req = request(url, { method: opts.method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (opts.chunked) req.write(body)
    req.end(opts.chunked ? undefined : body)
  })
}

/** A request written by hand on a socket: lets a test omit Content-Length entirely. Returns the raw response text. */
export function rawRequest(url: string, head: string): Promise<string> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => {
      socket.write(`${head.replace('{path}', target.pathname + target.search).replace('{host}', target.host)}\r\n\r\n`)
    })
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => {
      text += d
      if (/\r\n\r\n[\s\S]*<\/Error>/.test(text)) socket.end()
    })
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

export const xmlCode = (body: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(body)?.[1]
