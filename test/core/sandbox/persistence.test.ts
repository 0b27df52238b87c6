// Proves the sandbox keeps its state on disk: a restart on the same dir sees the same files and pending uploads.
import { describe, expect, it } from 'vitest'
import { client, sandbox, tempDir } from './helpers'

describe('sandbox persistence', () => {
  it('lists and serves the same files after a restart on the same dir', async () => {
    const dir = await tempDir()
    const first = await sandbox({ dir })
    const file = (await client(first).uploadFile('hello\n', 'batch')).body
    await first.close()

    const second = await sandbox({ dir })
    const api = client(second)
    expect((await api.get('/files')).body.data).toEqual([file])
    expect((await api.get(`/files/${file.id}/content`)).body).toBe('hello\n')
  })

  it('continues a pending Upload after a restart, keeping the parts sent before it', async () => {
    const dir = await tempDir()
    const first = await sandbox({ dir })
    const before = client(first)
    const upload = (await before.post('/uploads', { filename: 'a.jsonl', purpose: 'fine-tune', bytes: 6, mime_type: 'application/jsonl' })).body
    const p1 = (await before.addPart(upload.id, 'abc')).body
    await first.close()

    const second = await sandbox({ dir })
    const after = client(second)
    const p2 = (await after.addPart(upload.id, 'def')).body
    const done = await after.post(`/uploads/${upload.id}/complete`, { part_ids: [p1.id, p2.id] })
    expect(done.body.status).toBe('completed')
    expect((await after.get(`/files/${done.body.file.id}/content`)).body).toBe('abcdef')
    expect(second.stats.partsCreated).toBe(1)
  })

  it('remembers deletions and completed uploads across a restart', async () => {
    const dir = await tempDir()
    const first = await sandbox({ dir })
    const api1 = client(first)
    const gone = (await api1.uploadFile('x')).body
    await api1.del(`/files/${gone.id}`)
    const upload = (await api1.post('/uploads', { filename: 'a', purpose: 'batch', bytes: 1, mime_type: 'text/plain' })).body
    const part = (await api1.addPart(upload.id, 'a')).body
    await api1.post(`/uploads/${upload.id}/complete`, { part_ids: [part.id] })
    await first.close()

    const api2 = client(await sandbox({ dir }))
    const ids = (await api2.get('/files')).body.data.map((f: { id: string }) => f.id)
    expect(ids).not.toContain(gone.id)
    expect(ids).toHaveLength(1)
    expect((await api2.addPart(upload.id, 'b')).status).toBe(400)
  })

  it('lets two sandboxes running on one dir see each other\'s changes', async () => {
    const dir = await tempDir()
    const a = client(await sandbox({ dir }))
    const b = client(await sandbox({ dir }))
    expect((await b.get('/files')).body.data).toEqual([])
    const file = (await a.uploadFile('shared\n')).body
    expect((await b.get('/files')).body.data).toEqual([file])
    await b.del(`/files/${file.id}`)
    expect((await a.get('/files')).body.data).toEqual([])
    const upload = (await a.post('/uploads', { filename: 'a', purpose: 'batch', bytes: 1, mime_type: 'text/plain' })).body
    const part = (await a.addPart(upload.id, 'x')).body
    expect((await b.post(`/uploads/${upload.id}/complete`, { part_ids: [part.id] })).body.status).toBe('completed')
    expect((await a.addPart(upload.id, 'y')).status).toBe(400)
  })
})

describe('concurrent uploads', () => {
  it('lists every file when many are added at once (no index reload race)', async () => {
    const sb = await sandbox()
    const c = client(sb)
    const n = 60
    await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const form = new FormData()
        form.set('purpose', 'user_data')
        form.set('file', new Blob([`file ${i}`]), `f${i}.txt`)
        return c.call('POST', '/files', { form })
      })
    )
    const list = await c.get('/files')
    expect(list.body.data).toHaveLength(n)
  })
})
