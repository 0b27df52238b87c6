// Proves the NetMind double's documented behaviours: JSON create + presigned S3 PUT on a second host, S3 errors, bare-array list.
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startFaultProxy } from './faults'
import { onCleanup, rawRequest, send, tempDir, xmlCode } from './helpers'
import { startNetmindDouble, type NetmindDoubleOptions } from './netmind'

async function netmind(opts: Partial<NetmindDoubleOptions> = {}) {
  const double = await startNetmindDouble({ dir: await tempDir(), ...opts })
  onCleanup(() => double.close())
  const auth = { authorization: 'Bearer nm-key' }
  const json = { ...auth, 'content-type': 'application/json' }
  return {
    double,
    async create(file_name = 'train.jsonl', purpose = 'fine-tune'): Promise<{ id: string; presigned_url: string }> {
      const reply = await send(`${double.url}/v1/files`, { method: 'POST', headers: json, body: JSON.stringify({ file_name, purpose }) })
      expect(reply.status).toBe(200)
      return JSON.parse(reply.body) as { id: string; presigned_url: string }
    },
    api: (method: string, path: string, body?: unknown) =>
      send(`${double.url}${path}`, { method, headers: json, body: body === undefined ? undefined : JSON.stringify(body) })
  }
}

describe('NetMind double: API host', () => {
  it('creates a file object with a presigned S3 PUT URL on a different host', async () => {
    const { double, create } = await netmind()
    const { id, presigned_url } = await create()
    expect(id).toBeTruthy()
    const url = new URL(presigned_url)
    expect(url.origin).toBe(double.storageUrl)
    expect(url.origin).not.toBe(double.url)
    expect(url.pathname).toMatch(/^\/bucket\/.+\/train\.jsonl$/)
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256')
    expect(url.searchParams.get('X-Amz-Expires')).toBe('7200')
    expect(url.searchParams.get('X-Amz-Date')).toMatch(/^\d{8}T\d{6}Z$/)
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('answers a missing bearer token with 401 {"detail": ...}', async () => {
    const { double } = await netmind()
    const reply = await send(`${double.url}/v1/files`, { method: 'GET' })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toEqual({ detail: 'Not authenticated' })
  })

  it('answers a bad create body with a FastAPI-style 422 detail list', async () => {
    const { api } = await netmind()
    const reply = await api('POST', '/v1/files', { file_name: 'a.jsonl', purpose: 'inference' })
    expect(reply.status).toBe(422)
    const detail = (JSON.parse(reply.body) as { detail: { loc: string[]; type: string }[] }).detail
    expect(detail).toEqual([expect.objectContaining({ type: 'enum', loc: ['body', 'purpose'] })])
    const missing = await api('POST', '/v1/files', {})
    expect((JSON.parse(missing.body) as { detail: unknown[] }).detail).toHaveLength(2)
    const notJson = await send(`${(await netmind()).double.url}/v1/files`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{' })
    expect(notJson.status).toBe(422)
  })

  it('lists a bare array; bytes appear only once the PUT has landed', async () => {
    const { api, create, double } = await netmind()
    const { id, presigned_url } = await create('data.jsonl', 'batch')
    const before = JSON.parse((await api('GET', '/v1/files')).body) as Record<string, unknown>[]
    expect(Array.isArray(before)).toBe(true)
    expect(before).toEqual([{ id, file_name: 'data.jsonl', purpose: 'batch', created_at: expect.any(Number) }])

    const put = await send(presigned_url, { method: 'PUT', body: 'hello\n' })
    expect(put.status).toBe(200)
    expect(put.headers.etag).toBe(`"${createHash('md5').update('hello\n').digest('hex')}"`)
    const after = JSON.parse((await api('GET', '/v1/files')).body) as Record<string, unknown>[]
    expect(after[0]).toMatchObject({ id, bytes: 6 })
    expect(JSON.parse((await api('GET', `/v1/files/${id}`)).body)).toMatchObject({ id, bytes: 6 })
    expect(double.stats).toMatchObject({ puts: 1, putBytes: 6 })
  })

  it('serves the bytes through a presigned GET URL, and deletes with 200 and no body', async () => {
    const { api, create } = await netmind()
    const { id, presigned_url } = await create()
    await send(presigned_url, { method: 'PUT', body: '{"x":1}\n' })
    const { presigned_url: download } = JSON.parse((await api('GET', `/v1/files/${id}/presigned_url`)).body) as { presigned_url: string }
    const got = await send(download, { method: 'GET' })
    expect(got).toMatchObject({ status: 200, body: '{"x":1}\n' })

    const deleted = await api('DELETE', `/v1/files/${id}`)
    expect(deleted).toMatchObject({ status: 200, body: '' })
    expect((await api('GET', `/v1/files/${id}`)).status).toBe(404)
    expect(JSON.parse((await api('GET', '/v1/files')).body)).toEqual([])
    expect(xmlCode((await send(download, { method: 'GET' })).body)).toBe('NoSuchKey')
  })

  it('keeps each token to its own files', async () => {
    const { double, create } = await netmind()
    const { id } = await create()
    const other = await send(`${double.url}/v1/files/${id}`, { method: 'GET', headers: { authorization: 'Bearer someone-else' } })
    expect(other.status).toBe(404)
  })

  it('records the host, method, path, status and headers of every request', async () => {
    const { double, create } = await netmind()
    const { presigned_url } = await create()
    await send(presigned_url, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/jsonl' } })
    const [post, put] = double.stats.requests
    expect(post).toMatchObject({ host: new URL(double.url).host, method: 'POST', path: '/v1/files', status: 200 })
    expect(put).toMatchObject({ host: new URL(double.storageUrl).host, method: 'PUT', status: 200 })
    expect(put?.headers['content-type']).toBe('application/jsonl')
    expect(put?.headers.authorization).toBeUndefined()
  })
})

describe('NetMind double: storage host (S3 presigned PUT)', () => {
  it('refuses a PUT that also carries an Authorization header: 400 InvalidArgument', async () => {
    const { create, double } = await netmind()
    const { presigned_url } = await create()
    const reply = await send(presigned_url, { method: 'PUT', body: 'x', headers: { authorization: 'Bearer nm-key' } })
    expect(reply.status).toBe(400)
    expect(reply.headers['content-type']).toBe('application/xml')
    expect(xmlCode(reply.body)).toBe('InvalidArgument')
    expect(reply.body).toContain('Only one auth mechanism allowed')
    expect(double.stats.puts).toBe(0)
  })

  it('refuses chunked transfer encoding with 501 NotImplemented', async () => {
    const { create } = await netmind()
    const reply = await send((await create()).presigned_url, { method: 'PUT', body: 'abc', chunked: true })
    expect(reply.status).toBe(501)
    expect(xmlCode(reply.body)).toBe('NotImplemented')
  })

  it('refuses a PUT without Content-Length with 411 MissingContentLength', async () => {
    const { create } = await netmind()
    const text = await rawRequest((await create()).presigned_url, 'PUT {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close')
    expect(text).toMatch(/^HTTP\/1\.1 411/)
    expect(xmlCode(text)).toBe('MissingContentLength')
  })

  it('refuses an expired URL with 403 AccessDenied "Request has expired"', async () => {
    let now = Date.UTC(2026, 0, 1)
    const { create } = await netmind({ now: () => now, presignedTtlSeconds: 60 })
    const { presigned_url } = await create()
    now += 61_000
    const reply = await send(presigned_url, { method: 'PUT', body: 'x' })
    expect(reply.status).toBe(403)
    expect(xmlCode(reply.body)).toBe('AccessDenied')
    expect(reply.body).toContain('Request has expired')
  })

  it('refuses a tampered signature or another method with 403 SignatureDoesNotMatch', async () => {
    const { create } = await netmind()
    const { presigned_url } = await create()
    const url = new URL(presigned_url)
    url.searchParams.set('X-Amz-Signature', '0'.repeat(64))
    expect(xmlCode((await send(url.toString(), { method: 'PUT', body: 'x' })).body)).toBe('SignatureDoesNotMatch')
    const asGet = await send(presigned_url, { method: 'GET' })
    expect(asGet.status).toBe(403)
    expect(xmlCode(asGet.body)).toBe('SignatureDoesNotMatch')
  })

  it('checks Content-MD5 when sent: 400 BadDigest on mismatch', async () => {
    const { create, api } = await netmind()
    const { id, presigned_url } = await create()
    const wrong = createHash('md5').update('other').digest('base64')
    const bad = await send(presigned_url, { method: 'PUT', body: 'payload', headers: { 'content-md5': wrong } })
    expect(bad.status).toBe(400)
    expect(xmlCode(bad.body)).toBe('BadDigest')
    expect(JSON.parse((await api('GET', `/v1/files/${id}`)).body)).not.toHaveProperty('bytes')
    const right = createHash('md5').update('payload').digest('base64')
    expect((await send(presigned_url, { method: 'PUT', body: 'payload', headers: { 'content-md5': right } })).status).toBe(200)
  })

  it('refuses a body over the purpose limit with 400 EntityTooLarge', async () => {
    const { create } = await netmind({ limits: { batchBytes: 10, fineTuneBytes: 20 } })
    const batch = await create('b.jsonl', 'batch')
    const reply = await send(batch.presigned_url, { method: 'PUT', body: 'x'.repeat(11) })
    expect(reply.status).toBe(400)
    expect(xmlCode(reply.body)).toBe('EntityTooLarge')
    const fineTune = await create('f.jsonl', 'fine-tune')
    expect((await send(fineTune.presigned_url, { method: 'PUT', body: 'x'.repeat(11) })).status).toBe(200)
  })

  it('keeps no bytes from a PUT whose connection died mid-body', async () => {
    const { create, api, double } = await netmind()
    const { id, presigned_url } = await create()
    await new Promise<void>((resolve) => {
      const req = request(presigned_url, { method: 'PUT', headers: { 'content-length': 100_000 } })
      req.on('error', () => resolve())
      req.write(Buffer.alloc(50_000, 1), () => setTimeout(() => req.destroy(), 50))
      req.on('close', () => resolve())
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(JSON.parse((await api('GET', `/v1/files/${id}`)).body)).not.toHaveProperty('bytes')
    expect(double.stats.puts).toBe(0)
  })

  it('can be reached through a fault proxy that resets a PUT mid-body', async () => {
    const { create, api, double } = await netmind()
    const proxy = await startFaultProxy(double.storageUrl)
    onCleanup(() => proxy.close())
    double.useStorageUrl(proxy.url)
    const { id, presigned_url } = await create()
    expect(presigned_url.startsWith(proxy.url)).toBe(true)
    proxy.addRule({ method: 'PUT', action: { resetAfterBodyBytes: 1000 } })
    await expect(send(presigned_url, { method: 'PUT', body: Buffer.alloc(100_000, 7) })).rejects.toThrow()
    expect(JSON.parse((await api('GET', `/v1/files/${id}`)).body)).not.toHaveProperty('bytes')
    expect((await send(presigned_url, { method: 'PUT', body: Buffer.alloc(100_000, 7) })).status).toBe(200)
    expect(double.stats).toMatchObject({ puts: 1, putBytes: 100_000 })
  })
})
