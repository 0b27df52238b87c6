// Proves each fault-proxy action: canned answers, resets mid-body, stalls, dropped replies, skip/times, streaming forward.
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startFaultProxy, type FaultProxy } from './faults'
import { onCleanup, send } from './helpers'
import { listen } from './server'

interface Seen {
  method: string
  url: string
  bytes: number
  sha: string
  headers: IncomingHttpHeaders
}

/** A target that records every request it fully received and echoes what it saw. */
async function echoTarget() {
  const seen: Seen[] = []
  const started: string[] = []
  const server = await listen((req, res) => {
    started.push(req.url ?? '')
    const hash = createHash('sha256')
    let bytes = 0
    req.on('data', (c: Buffer) => {
      hash.update(c)
      bytes += c.length
    })
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', bytes, sha: hash.digest('hex'), headers: req.headers }
      seen.push(entry)
      const body = JSON.stringify({ bytes: entry.bytes, sha: entry.sha, url: entry.url })
      res.writeHead(201, { 'content-type': 'application/json', 'x-target': 'yes', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    })
  })
  onCleanup(() => server.close())
  return { origin: server.origin, seen, started }
}

async function setup(): Promise<{ proxy: FaultProxy; target: Awaited<ReturnType<typeof echoTarget>> }> {
  const target = await echoTarget()
  const proxy = await startFaultProxy(`${target.origin}/v1`)
  onCleanup(() => proxy.close())
  return { proxy, target }
}

describe('fault proxy', () => {
  it('keeps the target path prefix and forwards method, path, query, headers and body', async () => {
    const { proxy, target } = await setup()
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    expect(proxy.url).not.toBe(`${target.origin}/v1`)
    const reply = await send(`${proxy.url}/files?limit=2`, { method: 'POST', headers: { 'x-custom': 'kept', authorization: 'Bearer k' }, body: 'hello' })
    expect(reply.status).toBe(201)
    expect(reply.headers['x-target']).toBe('yes')
    expect(JSON.parse(reply.body)).toMatchObject({ bytes: 5, url: '/v1/files?limit=2' })
    expect(target.seen[0]?.headers).toMatchObject({ 'x-custom': 'kept', authorization: 'Bearer k', 'content-length': '5' })
    expect(target.seen[0]?.headers.host).toBe(new URL(target.origin).host)
    expect(proxy.log).toEqual([{ method: 'POST', path: '/v1/files', status: 201 }])
  })

  it('streams a large body through intact and keeps chunked requests chunked', async () => {
    const { proxy, target } = await setup()
    const body = Buffer.alloc(20 * 1024 * 1024)
    for (let i = 0; i < body.length; i += 4096) body[i] = i % 251
    const reply = await send(`${proxy.url}/uploads/u/parts`, { method: 'POST', body })
    expect(JSON.parse(reply.body)).toMatchObject({ bytes: body.length, sha: createHash('sha256').update(body).digest('hex') })
    await send(`${proxy.url}/chunked`, { method: 'PUT', body: 'abc', chunked: true })
    expect(target.seen[1]?.headers['transfer-encoding']).toBe('chunked')
    expect(target.seen[1]?.headers['content-length']).toBeUndefined()
  })

  it('answers a status rule itself (JSON body, headers) without reaching the target, once by default', async () => {
    const { proxy, target } = await setup()
    proxy.addRule({ method: 'post', path: /\/files$/, action: { status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'slow down' } } } })
    const first = await send(`${proxy.url}/files`, { method: 'POST', body: 'x' })
    expect(first.status).toBe(429)
    expect(first.headers['retry-after']).toBe('2')
    expect(first.headers['content-type']).toBe('application/json')
    expect(JSON.parse(first.body)).toEqual({ error: { message: 'slow down' } })
    expect(target.seen).toHaveLength(0)
    expect((await send(`${proxy.url}/files`, { method: 'POST', body: 'x' })).status).toBe(201)
    expect(proxy.log.map((e) => e.status)).toEqual([429, 201])
  })

  it('matches method and path, lets `skip` requests through first, and honours `times`', async () => {
    const { proxy } = await setup()
    proxy.addRule({ method: 'POST', path: /\/parts$/, skip: 1, times: 2, action: { status: 500, body: 'boom' } })
    const statuses: number[] = []
    statuses.push((await send(`${proxy.url}/uploads/a/parts`, { method: 'GET' })).status)
    statuses.push((await send(`${proxy.url}/files`, { method: 'POST' })).status)
    for (let i = 0; i < 4; i++) statuses.push((await send(`${proxy.url}/uploads/a/parts`, { method: 'POST', body: 'x' })).status)
    expect(statuses).toEqual([201, 201, 201, 500, 500, 201])
  })

  it('keeps faulting with times: Infinity until clearRules', async () => {
    const { proxy } = await setup()
    proxy.addRule({ times: Infinity, action: { status: 503 } })
    for (let i = 0; i < 3; i++) expect((await send(`${proxy.url}/files`, { method: 'GET' })).status).toBe(503)
    proxy.clearRules()
    expect((await send(`${proxy.url}/files`, { method: 'GET' })).status).toBe(201)
  })

  it('resets the connection after N request-body bytes, forwarding nothing', async () => {
    const { proxy, target } = await setup()
    proxy.addRule({ path: /\/parts$/, action: { resetAfterBodyBytes: 64 * 1024 } })
    await expect(send(`${proxy.url}/uploads/u/parts`, { method: 'POST', body: Buffer.alloc(1024 * 1024) })).rejects.toThrow()
    expect(target.started).toHaveLength(0)
    expect(proxy.log).toEqual([{ method: 'POST', path: '/v1/uploads/u/parts', status: 'reset' }])
    proxy.addRule({ action: { resetAfterBodyBytes: 0 } })
    await expect(send(`${proxy.url}/files`, { method: 'GET' })).rejects.toThrow()
  })

  it('stalls a request for stallMs (target sees nothing meanwhile), then forwards it normally', async () => {
    const { proxy, target } = await setup()
    proxy.addRule({ action: { stallMs: 1500 } })
    const started = Date.now()
    const pending = send(`${proxy.url}/files`, { method: 'POST', body: 'abc' })
    await new Promise((r) => setTimeout(r, 200))
    expect(target.started).toHaveLength(0)
    const reply = await pending
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490)
    expect(reply.status).toBe(201)
    expect(JSON.parse(reply.body)).toMatchObject({ bytes: 3 })
  })

  it('drops the reply after the target processed the request', async () => {
    const { proxy, target } = await setup()
    proxy.addRule({ path: /\/complete$/, action: { dropResponse: true } })
    await expect(send(`${proxy.url}/uploads/u/complete`, { method: 'POST', body: '{"part_ids":[]}' })).rejects.toThrow()
    expect(target.seen).toHaveLength(1)
    expect(target.seen[0]?.bytes).toBe(15)
    expect(proxy.log).toEqual([{ method: 'POST', path: '/v1/uploads/u/complete', status: 'dropped' }])
    expect((await send(`${proxy.url}/uploads/u/complete`, { method: 'POST', body: '{}' })).status).toBe(201)
  })

  it('works in front of fetch with keep-alive connections', async () => {
    const { proxy } = await setup()
    proxy.addRule({ action: { dropResponse: true } })
    await expect(fetch(`${proxy.url}/a`, { method: 'POST', body: 'x' })).rejects.toThrow()
    const ok = await fetch(`${proxy.url}/b`, { method: 'POST', body: 'y' })
    expect(ok.status).toBe(201)
    await ok.text()
  })
})
