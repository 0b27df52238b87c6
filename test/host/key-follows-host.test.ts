// A key follows its host (issue 8, item 11): changing an account's address asks for the key again, so the saved key is never
// sent to the new host; and plain http:// is refused except to this computer. Real servers on 127.0.0.1 record every key sent.
import { keyRecorder } from '../doubles/recorder'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from '../../src/core/accounts/store'
import { createHandlers } from '../../src/host/handlers'
import { confFactory } from '../../src/host/stores'
import { MemoryVault } from '../../src/host/vault'
import type { Result } from '../../src/shared/api'
import { onCleanup, tempDir } from '../helpers'

const OLD_KEY = 'sk-for-the-old-host-0123456789'
const NEW_KEY = 'sk-for-the-new-host-9876543210'

async function host() {
  const dir = await tempDir()
  const h = await createHandlers({ home: join(dir, 'home'), vault: new MemoryVault(), makeStore: confFactory })
  onCleanup(() => h.close())
  return { h, home: join(dir, 'home') }
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.value
}

describe('a key follows its host', () => {
  it('a new base URL without a key is refused, and the saved key never reaches the new host', async () => {
    const [before, after] = [await keyRecorder(), await keyRecorder()]
    const { h } = await host()
    const acct = ok(await h.addAccount({ name: 'Local', provider: 'compatible', baseUrl: before.url, key: OLD_KEY }))
    ok(await h.testAccount({ id: acct.id }))
    expect(before.keys).toEqual([`Bearer ${OLD_KEY}`])

    const moved = await h.updateAccount({ id: acct.id, patch: { baseUrl: after.url } })
    expect(moved).toMatchObject({ ok: false, error: { code: 'key_for_new_host' } })
    expect(JSON.stringify(moved)).not.toContain(OLD_KEY)
    await h.testAccount({ id: acct.id })
    expect(after.keys).toEqual([])

    // The same host at another path keeps its key; a new host with its own key gets that one only.
    ok(await h.updateAccount({ id: acct.id, patch: { baseUrl: `${before.url}/` , name: 'Local 2' } }))
    ok(await h.updateAccount({ id: acct.id, patch: { baseUrl: after.url, key: NEW_KEY } }))
    ok(await h.testAccount({ id: acct.id }))
    expect(after.keys).toEqual([`Bearer ${NEW_KEY}`])
  })

  it('leaving a provider’s default address for another host asks for the key too', async () => {
    const other = await keyRecorder()
    const { h } = await host()
    const acct = ok(await h.addAccount({ name: 'Work', provider: 'openai', key: OLD_KEY }))
    expect(await h.updateAccount({ id: acct.id, patch: { baseUrl: other.url } })).toMatchObject({ ok: false, error: { code: 'key_for_new_host' } })
    expect(other.keys).toEqual([])
  })

  it('refuses http:// base URLs except to this computer, in the app and in the accounts file the CLI writes', async () => {
    const { h, home } = await host()
    for (const baseUrl of ['http://api.example.com/v1', 'http://10.0.0.5:8000/v1', 'http://127.0.0.1.example.com/v1', 'ftp://example.com/v1']) {
      const r = await h.addAccount({ name: `x ${baseUrl}`, provider: 'compatible', baseUrl, key: OLD_KEY })
      expect(r.ok, baseUrl).toBe(false)
      expect(!r.ok && r.error.code, baseUrl).toMatch(/^(insecure_base_url|invalid_input)$/)
    }
    expect(await h.addAccount({ name: 'plain', provider: 'compatible', baseUrl: 'http://api.example.com/v1', key: OLD_KEY })).toMatchObject({
      ok: false,
      error: { code: 'insecure_base_url' }
    })
    const fine = ['https://api.example.com/v1', 'http://localhost:8000/v1', 'http://127.0.0.1:9/v1', 'http://127.8.9.10/v1', 'http://[::1]:8080/v1']
    for (const [i, baseUrl] of fine.entries()) expect((await h.addAccount({ name: `ok ${i}`, provider: 'compatible', baseUrl, key: OLD_KEY })).ok, baseUrl).toBe(true)
    const local = ok(await h.addAccount({ name: 'to move', provider: 'compatible', baseUrl: 'http://localhost:8000/v1', key: OLD_KEY }))
    expect(await h.updateAccount({ id: local.id, patch: { baseUrl: 'http://api.example.com/v1', key: NEW_KEY } })).toMatchObject({
      ok: false,
      error: { code: 'insecure_base_url' }
    })

    const { store } = AccountStore.open(join(home, 'cli'))
    expect(() => store.add({ name: 'cli', provider: 'compatible', baseUrl: 'http://api.example.com/v1' })).toThrow(/https/)
    expect(store.add({ name: 'cli', provider: 'compatible', baseUrl: 'http://127.0.0.1:8000/v1' }).baseUrl).toBe('http://127.0.0.1:8000/v1')
  })
})
