// Proves the sandbox's auth: a key is required, every key is its own account, and the accepted header schemes.
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { client, expectEnvelope, sandbox } from './helpers'

describe('sandbox auth', () => {
  it('answers a request without a key with 401 invalid_api_key', async () => {
    const sb = await sandbox()
    const error = expectEnvelope(await client(sb, null).get('/files'), 401)
    expect(error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_api_key' })
    expectEnvelope(await client(sb, '').get('/files'), 401)
    expectEnvelope(await client(sb, null).post('/uploads', {}), 401)
  })

  it('reads the 401 only after a multipart body was sent, so the client sees the reply', async () => {
    const sb = await sandbox()
    const form = new FormData()
    form.set('purpose', 'batch')
    form.set('file', new Blob(['x'.repeat(1_000_000)]), 'a.jsonl')
    expectEnvelope(await client(sb, null).postForm('/files', form), 401)
  })

  it('refuses a request that asks first (Expect: 100-continue) without a key on its headers, before any body byte; with a key it says go on', async () => {
    const sb = await sandbox()
    const ask = (headers: Record<string, string>): Promise<{ status: number; continued: boolean }> =>
      new Promise((resolve, reject) => {
        const req = request(`${sb.url}/files`, { method: 'POST', headers: { expect: '100-continue', 'content-type': 'application/json', 'content-length': '2', ...headers } })
        let continued = false
        req.on('continue', () => {
          continued = true
          req.end('{}')
        })
        req.on('response', (res) => {
          res.resume()
          resolve({ status: res.statusCode ?? 0, continued })
          req.destroy()
        })
        req.on('error', reject)
        req.flushHeaders()
      })
    expect(await ask({})).toEqual({ status: 401, continued: false })
    expect((await ask({ authorization: 'Bearer sk-a' })).continued).toBe(true)
  })

  it('keeps each key in its own account', async () => {
    const sb = await sandbox()
    const alice = client(sb, 'sk-alice')
    const bob = client(sb, 'sk-bob')
    const file = (await alice.uploadFile('x')).body
    expect((await bob.get('/files')).body.data).toEqual([])
    expectEnvelope(await bob.get(`/files/${file.id}`), 404)
    expectEnvelope(await bob.del(`/files/${file.id}`), 404)
    const upload = (await alice.post('/uploads', { filename: 'a', purpose: 'batch', bytes: 1, mime_type: 'text/plain' })).body
    expectEnvelope(await bob.addPart(upload.id, 'a'), 404)
    expect((await alice.get('/files')).body.data).toHaveLength(1)
  })

  async function status(url: string, headers: Record<string, string>): Promise<number> {
    return (await fetch(`${url}/files`, { headers })).status
  }

  it("accepts Bearer, 'Api-Key' and the api-key header in the default mode", async () => {
    const sb = await sandbox()
    expect(await status(sb.url, { authorization: 'Bearer k1' })).toBe(200)
    expect(await status(sb.url, { authorization: 'Api-Key k1' })).toBe(200)
    expect(await status(sb.url, { 'api-key': 'k1' })).toBe(200)
  })

  it('honours the bearer-only and api-key-only modes', async () => {
    const bearer = await sandbox({ auth: 'bearer' })
    expect(await status(bearer.url, { authorization: 'Bearer k1' })).toBe(200)
    expect(await status(bearer.url, { authorization: 'Api-Key k1' })).toBe(401)
    expect(await status(bearer.url, { 'api-key': 'k1' })).toBe(401)
    const apiKey = await sandbox({ auth: 'api-key' })
    expect(await status(apiKey.url, { authorization: 'Bearer k1' })).toBe(401)
    expect(await status(apiKey.url, { authorization: 'Api-Key k1' })).toBe(200)
    expect(await status(apiKey.url, { 'api-key': 'k1' })).toBe(200)
  })

  it('uses the same account for one key whatever header carries it', async () => {
    const sb = await sandbox()
    await client(sb, 'shared').uploadFile('x')
    const res = await fetch(`${sb.url}/files`, { headers: { 'api-key': 'shared' } })
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1)
  })
})
