// Listing remote files a page at a time: the OpenAI dialect follows the server's cursor (newest first), NetMind answers
// everything in one page, and list() is listPage followed to the end.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../../src/core/sandbox'
import { createAdapter } from '../../../src/core/providers'
import type { FilePage, ProviderAdapter } from '../../../src/core/providers/types'
import { startNetmindDouble } from '../../doubles/netmind'
import { listen } from '../../doubles/server'
import { account, onCleanup, tempDir } from '../../helpers'

const KEY = 'sk-list-pages-0123456789'

/** A clock the test moves: each file is made a second after the one before, so "newest first" has one answer. */
function steppedClock(): { now: () => number; step: () => void } {
  let t = Date.UTC(2026, 0, 1)
  return { now: () => t, step: () => void (t += 1000) }
}

async function pages(adapter: ProviderAdapter, opts: { purpose?: string; limit?: number } = {}): Promise<FilePage[]> {
  const out: FilePage[] = []
  let after: string | undefined
  for (;;) {
    const page = await adapter.listPage({ ...opts, ...(after ? { after } : {}) })
    out.push(page)
    if (!page.hasMore) return out
    after = page.after
  }
}

describe('OpenAI dialect: cursor pages', () => {
  it('250 files in pages of 100: three pages, newest first, each file once; list() gives the same files', async () => {
    const dir = await tempDir()
    const clock = steppedClock()
    const sandbox = await startSandbox({ dir: join(dir, 'sb'), now: clock.now })
    onCleanup(() => sandbox.close())
    const made: string[] = []
    for (let i = 0; i < 250; i++) {
      clock.step()
      const form = new FormData()
      form.set('purpose', i % 5 === 0 ? 'batch' : 'user_data')
      form.set('file', new Blob([`{"n":${i}}\n`]), `part-${String(i).padStart(3, '0')}.jsonl`)
      const res = await fetch(`${sandbox.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form })
      expect(res.status).toBe(200)
      made.push(((await res.json()) as { id: string }).id)
    }
    const adapter = createAdapter(account('sandbox', sandbox.url), KEY)

    const got = await pages(adapter, { limit: 100 })
    expect(got.map((p) => p.files.length)).toEqual([100, 100, 50])
    expect(got.map((p) => p.hasMore)).toEqual([true, true, false])
    // The cursor is the last file of each page; the last page gives none.
    expect(got.map((p) => p.after)).toEqual([got[0]!.files.at(-1)!.id, got[1]!.files.at(-1)!.id, undefined])
    const ids = got.flatMap((p) => p.files.map((f) => f.id))
    expect(ids).toEqual([...made].reverse())
    expect(new Set(ids).size).toBe(250)
    const created = got.flatMap((p) => p.files.map((f) => f.createdAt))
    expect(created.every((t, i) => i === 0 || t < created[i - 1]!)).toBe(true)
    expect(sandbox.stats.requests.filter((r) => r.method === 'GET' && r.path === '/v1/files')).toHaveLength(3)

    // A purpose filter pages the same way: 50 batch files in pages of 20.
    const batch = await pages(adapter, { purpose: 'batch', limit: 20 })
    expect(batch.map((p) => p.files.length)).toEqual([20, 20, 10])
    expect(batch.flatMap((p) => p.files.map((f) => f.id))).toEqual(made.filter((_, i) => i % 5 === 0).reverse())

    // list() is listPage followed to the end, in the adapter's own page size.
    expect((await adapter.list()).map((f) => f.id)).toEqual(ids)
    expect((await adapter.list({ purpose: 'batch' })).map((f) => f.id)).toEqual(batch.flatMap((p) => p.files.map((f) => f.id)))
  })

  it('an empty account is one empty page with nothing more', async () => {
    const dir = await tempDir()
    const sandbox = await startSandbox({ dir: join(dir, 'sb') })
    onCleanup(() => sandbox.close())
    const adapter = createAdapter(account('sandbox', sandbox.url), KEY)
    expect(await adapter.listPage({ limit: 100 })).toEqual({ files: [], hasMore: false })
  })
})

describe('OpenAI-compatible server answering a bare array', () => {
  it('is one page with nothing more; the request asks for newest first, the page size and the cursor', async () => {
    const asked: string[] = []
    const file = (id: string, created_at: number) => ({ id, object: 'file', filename: `${id}.jsonl`, bytes: 10, purpose: 'batch', created_at })
    const server = await listen((req, res) => {
      asked.push(req.url ?? '')
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify([file('file-b', 200), file('file-a', 100)]))
    })
    onCleanup(() => server.close())
    const adapter = createAdapter(account('compatible', `${server.origin}/v1`), KEY)
    expect(await adapter.listPage({ limit: 100, after: 'file-z' })).toMatchObject({ files: [{ id: 'file-b' }, { id: 'file-a' }], hasMore: false })
    expect(new URL(asked[0]!, 'http://x').searchParams.toString()).toBe('limit=100&after=file-z&order=desc')
    expect((await adapter.list()).map((f) => f.id)).toEqual(['file-b', 'file-a'])
    expect(asked).toHaveLength(2)
  })
})

describe('NetMind: one page', () => {
  it('answers every file in one page, newest first, whatever the limit; a purpose is filtered here', async () => {
    const dir = await tempDir()
    const clock = steppedClock()
    const netmind = await startNetmindDouble({ dir: join(dir, 'nm'), now: clock.now })
    onCleanup(() => netmind.close())
    const made: string[] = []
    for (const [i, purpose] of ['fine-tune', 'batch', 'fine-tune'].entries()) {
      clock.step()
      const res = await fetch(`${netmind.url}/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ file_name: `set-${i}.jsonl`, purpose })
      })
      expect(res.status).toBe(200)
      made.push(((await res.json()) as { id: string }).id)
    }
    const adapter = createAdapter(account('netmind', `${netmind.url}/v1`), KEY)
    const page = await adapter.listPage({ limit: 2 })
    expect(page.hasMore).toBe(false)
    expect(page.after).toBeUndefined()
    expect(page.files.map((f) => f.id)).toEqual([...made].reverse())
    expect((await adapter.listPage({ purpose: 'fine-tune' })).files.map((f) => f.id)).toEqual([made[2], made[0]])
    expect((await adapter.list()).map((f) => f.id)).toEqual([...made].reverse())
  })
})
