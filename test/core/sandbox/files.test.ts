// Proves the sandbox's `/v1/files` endpoints behave like OpenAI's: create, list pages, retrieve, delete, content, limits.
import { describe, expect, it } from 'vitest'
import { client, expectEnvelope, manualClock, sandbox, tempDir, tmpFiles } from './helpers'

describe('POST /files', () => {
  it('stores the file and returns an OpenAI File object', async () => {
    const sb = await sandbox()
    const api = client(sb)
    const reply = await api.uploadFile('{"a":1}\n', 'fine-tune', 'train.jsonl')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      object: 'file',
      bytes: 8,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      status: 'processed',
      expires_at: null
    })
    expect(reply.body.id).toMatch(/^file-[A-Za-z0-9]{24}$/)
    expect(Number.isInteger(reply.body.created_at)).toBe(true)
    expect(sb.stats.filesCreated).toBe(1)
  })

  it('gives batch files a 30-day default expiry and applies expires_after', async () => {
    const clock = manualClock()
    const api = client(await sandbox({ now: clock.now }))
    const batch = await api.uploadFile('x', 'batch')
    expect(batch.body.expires_at - batch.body.created_at).toBe(30 * 24 * 3600)
    const custom = await api.uploadFile('x', 'user_data', 'a.jsonl', {
      'expires_after[anchor]': 'created_at',
      'expires_after[seconds]': '7200'
    })
    expect(custom.status).toBe(200)
    expect(custom.body.expires_at - custom.body.created_at).toBe(7200)
  })

  it('rejects expires_after outside 3600–2592000 seconds or with another anchor', async () => {
    const api = client(await sandbox())
    const tooShort = await api.uploadFile('x', 'batch', 'a.jsonl', {
      'expires_after[anchor]': 'created_at',
      'expires_after[seconds]': '3599'
    })
    expect(expectEnvelope(tooShort, 400).param).toBe('expires_after.seconds')
    const tooLong = await api.uploadFile('x', 'batch', 'a.jsonl', {
      'expires_after[anchor]': 'created_at',
      'expires_after[seconds]': '2592001'
    })
    expectEnvelope(tooLong, 400)
    const badAnchor = await api.uploadFile('x', 'batch', 'a.jsonl', {
      'expires_after[anchor]': 'last_active_at',
      'expires_after[seconds]': '3600'
    })
    expect(expectEnvelope(badAnchor, 400).param).toBe('expires_after.anchor')
  })

  it('rejects an unknown purpose and a missing file with 400', async () => {
    const api = client(await sandbox())
    const badPurpose = await api.uploadFile('x', 'training')
    expect(expectEnvelope(badPurpose, 400).param).toBe('purpose')
    const form = new FormData()
    form.set('purpose', 'batch')
    expect(expectEnvelope(await api.postForm('/files', form), 400).param).toBe('file')
  })

  it('answers a file over maxFileBytes with 400 naming the limit, and keeps nothing', async () => {
    const dir = await tempDir()
    const sb = await sandbox({ dir, limits: { maxFileBytes: 1024 } })
    const api = client(sb)
    const reply = await api.uploadFile('x'.repeat(1025))
    const error = expectEnvelope(reply, 400)
    expect(error.message).toContain('1024 bytes (1 KiB)')
    expect(error.code).toBe('file_too_large')
    expect((await api.get('/files')).body.data).toEqual([])
    expect(await tmpFiles(dir)).toEqual([])
    expect((await api.uploadFile('x'.repeat(1024))).status).toBe(200)
  })

  it('with requireExpiresAfter, refuses a file without expires_after', async () => {
    const api = client(await sandbox({ requireExpiresAfter: true }))
    expect(expectEnvelope(await api.uploadFile('x', 'batch'), 400).param).toBe('expires_after')
    const ok = await api.uploadFile('x', 'batch', 'a.jsonl', {
      'expires_after[anchor]': 'created_at',
      'expires_after[seconds]': '3600'
    })
    expect(ok.status).toBe(200)
  })
})

describe('GET /files', () => {
  async function fiveFiles() {
    const clock = manualClock()
    const sb = await sandbox({ now: clock.now })
    const api = client(sb)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const reply = await api.uploadFile(`line ${i}\n`, i % 2 === 0 ? 'fine-tune' : 'batch', `f${i}.jsonl`)
      ids.push(reply.body.id)
      clock.advance(1)
    }
    return { api, ids }
  }

  it('lists newest first by default with first_id, last_id and has_more', async () => {
    const { api, ids } = await fiveFiles()
    const reply = await api.get('/files')
    expect(reply.body.object).toBe('list')
    expect(reply.body.data.map((f: { id: string }) => f.id)).toEqual([...ids].reverse())
    expect(reply.body.first_id).toBe(ids[4])
    expect(reply.body.last_id).toBe(ids[0])
    expect(reply.body.has_more).toBe(false)
  })

  it('pages with limit and after until has_more is false, in either order', async () => {
    const { api, ids } = await fiveFiles()
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = []
      let after: string | null = null
      for (;;) {
        const query: string = `/files?limit=2&order=${order}${after ? `&after=${after}` : ''}`
        const page = (await api.get(query)).body
        seen.push(...page.data.map((f: { id: string }) => f.id))
        if (!page.has_more) break
        expect(page.data).toHaveLength(2)
        after = page.last_id
      }
      expect(seen).toEqual(order === 'asc' ? ids : [...ids].reverse())
    }
  })

  it('orders files created in the same second stably by id', async () => {
    const api = client(await sandbox({ now: manualClock().now }))
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await api.uploadFile('x')).body.id)
    const asc = (await api.get('/files?order=asc')).body.data.map((f: { id: string }) => f.id)
    expect(asc).toEqual([...ids].sort())
    const pages = [...(await api.get('/files?order=asc&limit=2')).body.data]
    pages.push(...(await api.get(`/files?order=asc&limit=2&after=${pages[1].id}`)).body.data)
    expect(pages.map((f: { id: string }) => f.id)).toEqual(asc)
  })

  it('filters by purpose', async () => {
    const { api, ids } = await fiveFiles()
    const batch = (await api.get('/files?purpose=batch&order=asc')).body
    expect(batch.data.map((f: { id: string }) => f.id)).toEqual([ids[1], ids[3]])
    const page = (await api.get('/files?purpose=fine-tune&order=asc&limit=1')).body
    expect(page.data.map((f: { id: string }) => f.id)).toEqual([ids[0]])
    expect(page.has_more).toBe(true)
    const next = (await api.get(`/files?purpose=fine-tune&order=asc&limit=1&after=${page.last_id}`)).body
    expect(next.data.map((f: { id: string }) => f.id)).toEqual([ids[2]])
  })

  it('rejects limit out of 1..maxListLimit and an unknown order', async () => {
    const api = client(await sandbox({ limits: { maxListLimit: 50 } }))
    expect(expectEnvelope(await api.get('/files?limit=0'), 400).param).toBe('limit')
    expect(expectEnvelope(await api.get('/files?limit=51'), 400).param).toBe('limit')
    expect((await api.get('/files?limit=50')).status).toBe(200)
    expect(expectEnvelope(await api.get('/files?order=up'), 400).param).toBe('order')
  })

  it('returns null first_id/last_id for an empty list', async () => {
    const reply = await client(await sandbox()).get('/files')
    expect(reply.body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false })
  })

  it('stops listing a file once it has expired', async () => {
    const clock = manualClock()
    const api = client(await sandbox({ now: clock.now }))
    const reply = await api.uploadFile('x', 'batch', 'a.jsonl', {
      'expires_after[anchor]': 'created_at',
      'expires_after[seconds]': '3600'
    })
    clock.advance(3601)
    expect((await api.get('/files')).body.data).toEqual([])
    expectEnvelope(await api.get(`/files/${reply.body.id}`), 404)
  })
})

describe('GET/DELETE /files/{id}', () => {
  it('retrieves, streams content with Content-Length, then deletes', async () => {
    const sb = await sandbox()
    const api = client(sb)
    const content = '{"messages":[]}\n'.repeat(1000)
    const created = (await api.uploadFile(content)).body
    expect((await api.get(`/files/${created.id}`)).body).toEqual(created)

    const res = await fetch(`${sb.url}/files/${created.id}/content`, { headers: { authorization: 'Bearer sk-test-1' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(content.length))
    expect(await res.text()).toBe(content)

    expect((await api.del(`/files/${created.id}`)).body).toEqual({ id: created.id, object: 'file', deleted: true })
    expect((await api.get('/files')).body.data).toEqual([])
    expectEnvelope(await api.get(`/files/${created.id}/content`), 404)
  })

  it('answers unknown ids and unknown routes with a 404 envelope', async () => {
    const api = client(await sandbox())
    const missing = expectEnvelope(await api.get('/files/file-nope'), 404)
    expect(missing.message).toContain('file-nope')
    expectEnvelope(await api.del('/files/file-nope'), 404)
    expectEnvelope(await api.get('/files/..%2Fetc/content'), 404)
    expectEnvelope(await api.get('/nothing'), 404)
  })

  it('tags every response with an x-request-id', async () => {
    const sb = await sandbox()
    const ok = await client(sb).get('/files')
    const denied = await client(sb, null).get('/files')
    const missing = await client(sb).get('/files/file-x')
    for (const reply of [ok, denied, missing]) expect(reply.headers.get('x-request-id')).toMatch(/^req_\w+/)
    expect(new Set([ok, denied, missing].map((r) => r.headers.get('x-request-id'))).size).toBe(3)
  })
})
