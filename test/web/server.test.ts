// The browser host on a real socket: the page with its CSP, the guard (token, Host, Origin), payload validation, the event
// stream, and a whole add-account + upload done over HTTP.
import { request } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/core/sandbox'
import { createHandlers } from '../../src/host/handlers'
import { confFactory } from '../../src/host/stores'
import { MemoryVault } from '../../src/host/vault'
import { startWebServer, type WebServer } from '../../src/web/server'
import type { FerryEvent, JobIds, Result, Snapshot } from '../../src/shared/api'
import { onCleanup, tempDir } from '../helpers'
import { chatFile, until } from '../main/fixtures'

const TOKEN = 'tok_' + 'a'.repeat(32)
const SECRET = 'sk-web-SECRET-0123456789abcdef-wxyz'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

async function web(): Promise<{ server: WebServer; dir: string; call: <T>(verb: string, input?: unknown) => Promise<Result<T>> }> {
  const dir = await tempDir()
  const rendererDir = join(dir, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Ferry</title><script type="module" src="./assets/app.js"></script>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("ferry")')
  await writeFile(join(dir, 'outside.txt'), 'private')
  const home = join(dir, 'home')
  const handlers = await createHandlers({ home, vault: new MemoryVault(), makeStore: confFactory, tickMs: 100 })
  onCleanup(() => handlers.close())
  const server = await startWebServer({ handlers, rendererDir, token: TOKEN, port: 0 })
  onCleanup(() => server.close())
  const call = async <T>(verb: string, input?: unknown): Promise<Result<T>> => {
    const r = await raw(server.port, {
      method: 'POST',
      path: `/api/${verb}`,
      headers: { 'content-type': 'application/json', 'x-ferry-token': TOKEN },
      body: JSON.stringify(input ?? {})
    })
    expect(r.status).toBe(200)
    return JSON.parse(r.body) as Result<T>
  }
  return { server, dir, call }
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.value
}

/** Reads the event stream into `events` (and its raw text into `text`) until the test ends. */
function subscribe(port: number, token = TOKEN): { events: FerryEvent[]; text: () => string; status: Promise<number> } {
  const events: FerryEvent[] = []
  let text = ''
  const status = new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/events?token=${token}`, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      resolve(res.statusCode ?? 0)
      let buf = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
        buf += chunk
        let i: number
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i)
          buf = buf.slice(i + 2)
          for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as FerryEvent)
        }
      })
    })
    req.on('error', reject)
    req.end()
    onCleanup(async () => void req.destroy())
  })
  return { events, text: () => text, status }
}

describe('web host', () => {
  it('serves the page with a CSP that lets it talk only to itself, and nothing outside the renderer', async () => {
    const { server } = await web()
    const page = await raw(server.port, { path: '/?token=' + TOKEN })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Ferry</title>')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect((await raw(server.port, { path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/)
    expect((await raw(server.port, { path: '/../outside.txt' })).status).toBe(404)
    expect((await raw(server.port, { path: '/%2e%2e/outside.txt' })).status).toBe(404)
  })

  it('refuses API calls without the token, with a wrong token, for a foreign Host (DNS rebinding) or a cross-site Origin', async () => {
    const { server, call } = await web()
    const post = (headers: Record<string, string>): Promise<Reply> =>
      raw(server.port, { method: 'POST', path: '/api/snapshot', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })
    expect((await post({})).status).toBe(403)
    expect((await post({ 'x-ferry-token': TOKEN.replace(/a$/, 'b') })).status).toBe(403)
    expect((await post({ 'x-ferry-token': TOKEN, host: `evil.example:${server.port}` })).status).toBe(403)
    expect((await post({ 'x-ferry-token': TOKEN, host: `127.0.0.1:${server.port + 1}` })).status).toBe(403)
    expect((await post({ 'x-ferry-token': TOKEN, origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ 'x-ferry-token': TOKEN, 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await raw(server.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(403)
    expect((await raw(server.port, { path: `/api/events?token=${TOKEN}`, headers: { origin: 'http://evil.example' } })).status).toBe(403)
    expect((await subscribe(server.port, 'wrong').status)).toBe(403)
    // Same origin, by either name: allowed.
    expect((await post({ 'x-ferry-token': TOKEN, origin: `http://127.0.0.1:${server.port}` })).status).toBe(200)
    expect((await post({ 'x-ferry-token': TOKEN, host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).status).toBe(200)
    expect(ok(await call<Snapshot>('snapshot')).accounts[0]?.id).toBe('sandbox')
  })

  it('answers a malformed payload or an unknown verb with an error, never a crash', async () => {
    const { server, call } = await web()
    const bad = await call('addFiles', { paths: 'not-a-list' })
    expect(!bad.ok && bad.error.code).toBe('bad_request')
    const extra = await call('setActiveAccount', { id: 'sandbox', evil: true })
    expect(!extra.ok && extra.error.code).toBe('bad_request')
    const unknown = await raw(server.port, { method: 'POST', path: '/api/eval', headers: { 'content-type': 'application/json', 'x-ferry-token': TOKEN }, body: '{}' })
    expect(unknown.status).toBe(404)
    const form = await raw(server.port, { method: 'POST', path: '/api/snapshot', headers: { 'content-type': 'text/plain', 'x-ferry-token': TOKEN }, body: '{}' })
    expect(form.status).toBe(415)
  })

  it('adds an account and uploads through HTTP, with events on the stream and the key nowhere in them', async () => {
    const { server, dir, call } = await web()
    const stream = subscribe(server.port)
    expect(await stream.status).toBe(200)
    const remote = await startSandbox({ dir: join(dir, 'remote') })
    onCleanup(() => remote.close())
    const acct = ok(await call<{ id: string; maskedKey: string }>('addAccount', { name: 'Work', provider: 'openai', baseUrl: remote.url, key: SECRET }))
    expect(acct.maskedKey).toBe('••••wxyz')
    const { jobIds: [jobId] } = ok(await call<JobIds>('addFiles', { paths: [await chatFile(dir, 'train.jsonl', 12)] }))
    await until(async () => ok(await call<Snapshot>('snapshot')).jobs.find((j) => j.id === jobId)?.state === 'completed', 'uploaded')
    await until(() => stream.events.some((e) => e.type === 'job' && e.job.id === jobId && e.job.state === 'completed'), 'completion event')
    expect(stream.events.some((e) => e.type === 'accounts')).toBe(true)
    const files = ok(await call<{ id: string }[]>('listFiles', {}))
    expect(files).toHaveLength(1)
    expect(stream.text()).not.toContain(SECRET)
    expect(JSON.stringify(ok(await call<Snapshot>('snapshot')))).not.toContain(SECRET)
  })
})
