// The preload with Electron faked: `window.ferry` holds the API's verbs, onEvent and pathForFile — nothing else, and no
// ipcRenderer — and each verb goes to its own ferry: channel.
import { describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } })),
  listeners: new Map<string, ((e: unknown, data: unknown) => void)[]>()
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => fake.exposed.set(name, api) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (ch: string, fn: (e: unknown, data: unknown) => void) => fake.listeners.set(ch, [...(fake.listeners.get(ch) ?? []), fn]),
    removeListener: (ch: string, fn: (e: unknown, data: unknown) => void) => fake.listeners.set(ch, (fake.listeners.get(ch) ?? []).filter((f) => f !== fn))
  },
  webUtils: { getPathForFile: () => '/home/me/data.jsonl' }
}))

await import('../../src/preload/index')
const { FERRY_VERBS } = await import('../../src/shared/api')

describe('preload', () => {
  it('exposes exactly the verbs, onEvent and pathForFile', async () => {
    const ferry = fake.exposed.get('ferry') as Record<string, (...a: unknown[]) => unknown>
    expect([...fake.exposed.keys()]).toEqual(['ferry'])
    expect(Object.keys(ferry).sort()).toEqual([...FERRY_VERBS, 'onEvent', 'pathForFile'].sort())
    expect(Object.isFrozen(ferry)).toBe(true)
    expect(await ferry.addFiles!({ paths: ['/a.jsonl'] })).toEqual({ ok: true, value: { channel: 'ferry:addFiles', payload: { paths: ['/a.jsonl'] } } })
    expect(ferry.pathForFile!({})).toBe('/home/me/data.jsonl')
  })

  it('delivers events until unsubscribed', () => {
    const ferry = fake.exposed.get('ferry') as { onEvent(fn: (e: unknown) => void): () => void }
    const got: unknown[] = []
    const off = ferry.onEvent((e) => got.push(e))
    for (const fn of fake.listeners.get('ferry:event') ?? []) fn({}, { type: 'settings' })
    off()
    for (const fn of fake.listeners.get('ferry:event') ?? []) fn({}, { type: 'settings' })
    expect(got).toEqual([{ type: 'settings' }])
  })
})
