// The IPC binding with Electron replaced by fakes: every verb on its own channel, payloads checked, callers from other pages
// refused, errors as Result values, and events pushed (progress coalesced) to the app's own windows only.
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { onCleanup, tempDir } from '../helpers'

vi.mock('electron', () => ({ default: {} }))

const { bindIpc, trustedRendererUrl } = await import('../../src/main/ipc')
const { createHandlers } = await import('../../src/host/handlers')
const { confFactory } = await import('../../src/host/stores')
const { MemoryVault } = await import('../../src/host/vault')
const { EventThrottle } = await import('../../src/host/events')
const { FERRY_VERBS } = await import('../../src/shared/api')

const APP = 'file:///opt/Ferry/resources/app/out/renderer/index.html'
type Invoke = (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>

async function bound() {
  const home = await tempDir()
  const handlers = await createHandlers({ home: join(home, 'h'), vault: new MemoryVault(), makeStore: confFactory })
  onCleanup(() => handlers.close())
  const channels = new Map<string, Invoke>()
  const ipcMain = {
    handle: (channel: string, fn: Invoke) => void channels.set(channel, fn),
    removeHandler: (channel: string) => void channels.delete(channel)
  }
  const window = { isDestroyed: () => false, getURL: () => APP + '#/queue', send: vi.fn() }
  const stranger = { isDestroyed: () => false, getURL: () => 'https://evil.example/', send: vi.fn() }
  const binding = bindIpc({
    ipcMain: ipcMain as never,
    handlers,
    isTrustedUrl: trustedRendererUrl(APP),
    targets: () => [window, stranger] as never
  })
  onCleanup(async () => binding.dispose())
  const invoke = (channel: string, payload: unknown, url: string | null = APP) => channels.get(channel)!({ senderFrame: url === null ? null : { url } }, payload)
  return { channels, invoke, window, stranger, binding }
}

describe('ipc', () => {
  it('registers one ferry: channel per verb, and removes them on dispose', async () => {
    const { channels, binding } = await bound()
    expect([...channels.keys()].sort()).toEqual(FERRY_VERBS.map((v) => `ferry:${v}`).sort())
    binding.dispose()
    expect(channels.size).toBe(0)
  })

  it('answers the app’s own page with Result values', async () => {
    const { invoke } = await bound()
    const snap = (await invoke('ferry:snapshot', undefined)) as { ok: boolean; value: { accounts: { id: string }[] } }
    expect(snap.ok).toBe(true)
    expect(snap.value.accounts[0]?.id).toBe('sandbox')
    expect(await invoke('ferry:setActiveAccount', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'account_not_found' } })
  })

  it('rejects malformed payloads with a Result error, before any handler runs', async () => {
    const { invoke } = await bound()
    for (const [channel, payload] of [
      ['ferry:addFiles', { paths: 5 }],
      ['ferry:addFiles', { paths: [] }],
      ['ferry:updateSettings', { concurrency: 99 }],
      ['ferry:updateSettings', { concurrency: 2, evil: 1 }],
      ['ferry:pauseJobs', null],
      ['ferry:addAccount', { name: 'x', provider: 'not-a-provider', key: 'k' }],
      ['ferry:downloadFile', { id: 'f', destPath: '' }],
      ['ferry:listFilesPage', { limit: 0 }],
      ['ferry:listFilesPage', { limit: 10_001 }],
      ['ferry:listFilesPage', { limit: 2.5 }],
      ['ferry:listFilesPage', { after: '' }]
    ] as const) {
      expect(await invoke(channel, payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    }
  })

  it('refuses callers from any other page, or none', async () => {
    const { invoke } = await bound()
    for (const url of ['https://evil.example/', 'file:///tmp/other/index.html', 'http://localhost:5173/', 'data:text/html,hi', null]) {
      expect(await invoke('ferry:snapshot', undefined, url)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    }
  })

  it('pushes events to the app’s windows only', async () => {
    const { invoke, window, stranger } = await bound()
    await invoke('ferry:setActiveAccount', { id: 'sandbox' })
    expect(window.send).toHaveBeenCalledWith('ferry:event', expect.objectContaining({ type: 'accounts', activeAccountId: 'sandbox' }))
    expect(stranger.send).not.toHaveBeenCalled()
  })

  it('trusts the dev server only when it is the one configured', () => {
    const trusted = trustedRendererUrl(APP, 'http://localhost:5173')
    expect(trusted('http://localhost:5173/#/files')).toBe(true)
    expect(trusted(APP + '#/welcome')).toBe(true)
    expect(trusted('http://localhost:5174/')).toBe(false)
    expect(trusted('file:///opt/Ferry/resources/app/out/renderer/other.html')).toBe(false)
  })

  it('coalesces progress to a few per second per job, and never sends a stale figure after the job changed', () => {
    vi.useFakeTimers()
    onCleanup(async () => void vi.useRealTimers())
    const sent: string[] = []
    const t = new EventThrottle((e) => sent.push(e.type === 'progress' ? `p${e.sent}` : e.type), 250)
    for (let i = 1; i <= 100; i++) t.push({ type: 'progress', jobId: 'j', sent: i, total: 1000, speed: 1, etaSeconds: null })
    expect(sent).toEqual(['p1'])
    vi.advanceTimersByTime(250)
    expect(sent).toEqual(['p1', 'p100'])
    t.push({ type: 'progress', jobId: 'j', sent: 200, total: 1000, speed: 1, etaSeconds: null })
    t.push({ type: 'job', job: { id: 'j' } as never })
    vi.advanceTimersByTime(250)
    expect(sent).toEqual(['p1', 'p100', 'job'])
    t.push({ type: 'progress', jobId: 'j', sent: 1000, total: 1000, speed: 1, etaSeconds: 0 })
    expect(sent.at(-1)).toBe('p1000')
  })
})
