// The browser host as a real process (issue 8, item 15): a body over its limit gets 413, not a reset connection; and after a
// restart, an account whose key lived only in that process says a key is needed — the provider is not asked, and after the
// key is pasted again the account is "not checked yet" rather than carrying the old verdict.
import { keyRecorder } from '../doubles/recorder'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AccountView, Snapshot } from '../../src/shared/api'
import { tempDir } from '../helpers'
import { ensureBuilt } from '../cli/cli-helpers'
import { startWebHost, type WebHost } from '../cli/web-host'

beforeAll(ensureBuilt)

const KEY = 'sk-web-memory-only-0123456789'

async function accountOf(host: WebHost, id: string): Promise<AccountView> {
  return (await host.call<Snapshot>('snapshot')).value.accounts.find((a) => a.id === id)!
}

describe('the browser host, as a process', () => {
  it('answers a body over its limit with 413, and goes on serving', async () => {
    const host = await startWebHost(join(await tempDir(), 'home'))
    const body = JSON.stringify({ paths: ['x'.repeat(4000)].concat(Array(600).fill('/data/' + 'y'.repeat(3000))) })
    expect(body.length).toBeGreaterThan(1024 * 1024)
    const res = await fetch(`http://127.0.0.1:${host.port}/api/addFiles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ferry-token': host.token },
      body
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toBe('Too large')
    expect((await host.call('snapshot')).ok).toBe(true)
    await host.stop()
  })

  it('after a restart, a key kept in memory is needed again: nothing is sent, and a pasted key is not checked yet', async () => {
    const server = await keyRecorder()
    const home = join(await tempDir(), 'home')
    let host = await startWebHost(home)
    const added = await host.call<AccountView>('addAccount', { name: 'Local', provider: 'compatible', baseUrl: server.url, key: KEY })
    expect(added.ok).toBe(true)
    const id = added.value.id
    expect((await host.call('testAccount', { id })).ok).toBe(true)
    expect(server.keys).toEqual([`Bearer ${KEY}`])
    await host.stop()

    host = await startWebHost(home)
    expect(await accountOf(host, id)).toMatchObject({ keyStorage: 'none', maskedKey: null })
    const tested = await host.call('testAccount', { id })
    expect(tested).toMatchObject({ ok: false, error: { code: 'key_needed', message: 'Key needed: paste it again.' } })
    expect(tested.error.message + tested.error.hint).not.toMatch(/refused|not accepted/i)
    expect(server.keys).toHaveLength(1)

    expect((await host.call('updateAccount', { id, patch: { key: KEY } })).ok).toBe(true)
    const pasted = await accountOf(host, id)
    expect(pasted).toMatchObject({ keyStorage: 'session', maskedKey: '••••6789' })
    expect(pasted.lastTest).toBeUndefined()
    expect((await host.call('testAccount', { id })).ok).toBe(true)
    expect(server.keys).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`])
    await host.stop()
  })
})
