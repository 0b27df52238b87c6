// Proves the sandbox's Uploads API: parts assembled in part_ids order, byte/md5 checks, expiry, cancel, limits.
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { until } from '../../main/fixtures'
import { client, expectEnvelope, manualClock, sandbox, tempDir, tmpFiles, type Client } from './helpers'

const createBody = (bytes: number, extra: Record<string, unknown> = {}) => ({
  filename: 'big.jsonl',
  purpose: 'fine-tune',
  bytes,
  mime_type: 'application/jsonl',
  ...extra
})

async function newUpload(api: Client, bytes: number, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await api.post('/uploads', createBody(bytes, extra))
  expect(reply.status).toBe(200)
  return reply.body.id as string
}

describe('POST /uploads', () => {
  it('creates a pending Upload that expires uploadTtlSeconds after creation', async () => {
    const sb = await sandbox({ limits: { uploadTtlSeconds: 600 } })
    const reply = await client(sb).post('/uploads', createBody(10))
    expect(reply.body).toMatchObject({ object: 'upload', bytes: 10, filename: 'big.jsonl', purpose: 'fine-tune', status: 'pending', file: null })
    expect(reply.body.id).toMatch(/^upload_/)
    expect(reply.body.expires_at - reply.body.created_at).toBe(600)
    expect(sb.stats.uploadsCreated).toBe(1)
  })

  it('accepts every File purpose but refuses an unknown one', async () => {
    const api = client(await sandbox())
    expect((await api.post('/uploads', createBody(1, { purpose: 'user_data' }))).status).toBe(200)
    expect(expectEnvelope(await api.post('/uploads', createBody(1, { purpose: 'nope' })), 400).param).toBe('purpose')
  })

  it('refuses bytes over maxUploadBytes naming the limit, and missing fields', async () => {
    const api = client(await sandbox({ limits: { maxUploadBytes: 2048 } }))
    const error = expectEnvelope(await api.post('/uploads', createBody(2049)), 400)
    expect(error.message).toContain('2048 bytes (2 KiB)')
    expect(error.param).toBe('bytes')
    expect(expectEnvelope(await api.post('/uploads', { filename: 'a', purpose: 'batch', bytes: 1 }), 400).param).toBe('mime_type')
    expect(expectEnvelope(await api.post('/uploads', createBody(-1)), 400).param).toBe('bytes')
  })

  it('answers a body that is not JSON with 400', async () => {
    const sb = await sandbox()
    const res = await fetch(`${sb.url}/uploads`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{not json'
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
  })
})

describe('parts and complete', () => {
  it('assembles the parts in part_ids order, not arrival order, and checks the md5', async () => {
    const sb = await sandbox()
    const api = client(sb)
    const id = await newUpload(api, 9)
    const [a, b, c] = await Promise.all(['aaa', 'bbb', 'ccc'].map((chunk) => api.addPart(id, chunk)))
    expect(a?.body).toMatchObject({ object: 'upload.part', upload_id: id })
    expect(a?.body.id).toMatch(/^part_/)
    const md5 = createHash('md5').update('cccaaabbb').digest('hex')
    const done = await api.post(`/uploads/${id}/complete`, { part_ids: [c?.body.id, a?.body.id, b?.body.id], md5 })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ id, status: 'completed', file: { object: 'file', bytes: 9, filename: 'big.jsonl', purpose: 'fine-tune' } })
    const content = await api.get(`/files/${done.body.file.id}/content`)
    expect(content.body).toBe('cccaaabbb')
    expect((await api.get('/files')).body.data.map((f: { id: string }) => f.id)).toEqual([done.body.file.id])
    expect(sb.stats).toMatchObject({ partsCreated: 3, partBytes: 9, filesCreated: 1 })
  })

  it('refuses to complete when the parts do not add up to bytes', async () => {
    const api = client(await sandbox())
    const id = await newUpload(api, 10)
    const part = await api.addPart(id, 'abc')
    const error = expectEnvelope(await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id] }), 400)
    expect(error.code).toBe('bytes_mismatch')
    expect(error.message).toContain('(3)')
    // Still pending: the client may add the missing part and complete.
    const rest = await api.addPart(id, 'defghij')
    expect((await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id, rest.body.id] })).status).toBe(200)
  })

  it('refuses a wrong md5 and keeps no file', async () => {
    const api = client(await sandbox())
    const id = await newUpload(api, 3)
    const part = await api.addPart(id, 'abc')
    const error = expectEnvelope(
      await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id], md5: 'd41d8cd98f00b204e9800998ecf8427e' }),
      400
    )
    expect(error.code).toBe('md5_mismatch')
    expect((await api.get('/files')).body.data).toEqual([])
  })

  it('refuses part ids that are unknown, from another upload, or repeated', async () => {
    const api = client(await sandbox())
    const one = await newUpload(api, 3)
    const other = await newUpload(api, 3)
    const foreign = await api.addPart(other, 'abc')
    expect(expectEnvelope(await api.post(`/uploads/${one}/complete`, { part_ids: [foreign.body.id] }), 400).param).toBe('part_ids')
    expect(expectEnvelope(await api.post(`/uploads/${one}/complete`, { part_ids: ['part_nope'] }), 400).param).toBe('part_ids')
    const mine = await api.addPart(one, 'a')
    expectEnvelope(await api.post(`/uploads/${one}/complete`, { part_ids: [mine.body.id, mine.body.id, mine.body.id] }), 400)
    expect(expectEnvelope(await api.post(`/uploads/${one}/complete`, {}), 400).param).toBe('part_ids')
  })

  it('answers a part over maxPartBytes with 400 naming the limit', async () => {
    const sb = await sandbox({ limits: { maxPartBytes: 1024 } })
    const api = client(sb)
    const id = await newUpload(api, 2000)
    const error = expectEnvelope(await api.addPart(id, 'x'.repeat(1025)), 400)
    expect(error.message).toContain('1024 bytes (1 KiB)')
    expect(error.param).toBe('data')
    expect((await api.addPart(id, 'x'.repeat(1024))).status).toBe(200)
    expect(sb.stats.partsCreated).toBe(1)
  })

  it('answers a part without the data field with 400', async () => {
    const api = client(await sandbox())
    const id = await newUpload(api, 1)
    const form = new FormData()
    form.set('file', new Blob(['x']))
    expect(expectEnvelope(await api.postForm(`/uploads/${id}/parts`, form), 400).param).toBe('data')
    const asText = new FormData()
    asText.set('data', 'plain text field')
    const error = expectEnvelope(await api.postForm(`/uploads/${id}/parts`, asText), 400)
    expect(error.message).toContain('must be sent as a file')
  })

  it('refuses parts and completion once the Upload has expired', async () => {
    const clock = manualClock()
    const api = client(await sandbox({ now: clock.now }))
    const id = await newUpload(api, 2)
    const part = await api.addPart(id, 'a')
    clock.advance(3601)
    const error = expectEnvelope(await api.addPart(id, 'b'), 400)
    expect(error.code).toBe('upload_expired')
    expect(error.message).toBe(`Upload ${id} has expired`)
    expect(expectEnvelope(await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id] }), 400).code).toBe('upload_expired')
  })

  it('accepts parts up to the expiry second itself', async () => {
    const clock = manualClock()
    const api = client(await sandbox({ now: clock.now }))
    const id = await newUpload(api, 1)
    clock.advance(3600)
    expect((await api.addPart(id, 'a')).status).toBe(200)
  })

  it('refuses parts after complete, and a second complete', async () => {
    const api = client(await sandbox())
    const id = await newUpload(api, 1)
    const part = await api.addPart(id, 'a')
    expect((await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id] })).status).toBe(200)
    expect(expectEnvelope(await api.addPart(id, 'b'), 400).code).toBe('upload_completed')
    expectEnvelope(await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id] }), 400)
  })

  it('answers an unknown upload with 404', async () => {
    const api = client(await sandbox())
    expectEnvelope(await api.addPart('upload_nope', 'a'), 404)
    expectEnvelope(await api.post('/uploads/upload_nope/complete', { part_ids: [] }), 404)
    expectEnvelope(await api.post('/uploads/upload_nope/cancel'), 404)
  })

  it('discards a part whose connection died mid-body', async () => {
    const dir = await tempDir()
    const sb = await sandbox({ dir })
    const api = client(sb)
    const id = await newUpload(api, 100_000)
    const boundary = 'ferry-test-boundary'
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n`
    const url = new URL(`${sb.url}/uploads/${id}/parts`)
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk-test-1',
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + 100_000 + boundary.length + 8
        }
      })
      req.on('error', () => resolve())
      req.write(head)
      req.write(Buffer.alloc(50_000, 1), () => setTimeout(() => req.destroy(), 50))
    })
    // The server cleans up after it notices the reset: wait for that rather than for a fixed time.
    await until(async () => (await tmpFiles(dir)).length === 0, 'the temp file removed', 10_000)
    expect(sb.stats.partsCreated).toBe(0)
    expect((await api.addPart(id, 'still pending')).status).toBe(200)
  })
})

describe('POST /uploads/{id}/cancel', () => {
  it('cancels a pending Upload, then refuses parts and completion', async () => {
    const api = client(await sandbox())
    const id = await newUpload(api, 1)
    const part = await api.addPart(id, 'a')
    const cancelled = await api.post(`/uploads/${id}/cancel`)
    expect(cancelled.body).toMatchObject({ id, object: 'upload', status: 'cancelled', file: null })
    expect(expectEnvelope(await api.addPart(id, 'a'), 400).code).toBe('upload_cancelled')
    expectEnvelope(await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id] }), 400)
    // A retried cancel (reply lost) answers the same.
    expect((await api.post(`/uploads/${id}/cancel`)).body.status).toBe('cancelled')
  })

  it('refuses to cancel a completed Upload', async () => {
    const api = client(await sandbox())
    const id = await newUpload(api, 0)
    expect((await api.post(`/uploads/${id}/complete`, { part_ids: [] })).status).toBe(200)
    expectEnvelope(await api.post(`/uploads/${id}/cancel`), 400)
  })
})

describe('expires_after on Uploads', () => {
  it('applies expires_after to the completed File and validates its bounds', async () => {
    const api = client(await sandbox())
    expectEnvelope(await api.post('/uploads', createBody(1, { expires_after: { anchor: 'created_at', seconds: 10 } })), 400)
    const id = await newUpload(api, 1, { purpose: 'batch', expires_after: { anchor: 'created_at', seconds: 86400 } })
    const part = await api.addPart(id, 'a')
    const file = (await api.post(`/uploads/${id}/complete`, { part_ids: [part.body.id] })).body.file
    expect(file.expires_at - file.created_at).toBe(86400)
  })
})
