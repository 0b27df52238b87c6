import { describe, expect, it, vi } from 'vitest'
import { createFerryStore } from '../../../src/renderer/src/store/store'
import { createFakeBridge, job } from '../fake-bridge'

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('store over the bridge', () => {
  it('folds the snapshot and then events; progress reaches the state at most twice a second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading' })] })
      const store = createFerryStore(bridge)
      store.getState().actions.connect()
      await vi.advanceTimersByTimeAsync(0)
      expect(store.getState().loaded).toBe(true)
      let updates = 0
      let last = store.getState().progress
      store.subscribe((s) => {
        if (s.progress !== last) {
          updates++
          last = s.progress
        }
      })
      for (let i = 1; i <= 100; i++) {
        bridge.emit({ type: 'progress', jobId: 'a', sent: i, total: 100, speed: 1, etaSeconds: 1 })
        await vi.advanceTimersByTimeAsync(10)
      }
      await vi.advanceTimersByTimeAsync(600)
      expect(updates).toBeLessThanOrEqual(3)
      expect(store.getState().progress.a?.sent).toBe(100)
    } finally {
      vi.useRealTimers()
    }
  })

  it('applies events that arrive before the snapshot once it lands', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    bridge.emit({ type: 'job', job: job({ id: 'b', state: 'validating' }) })
    await tick()
    expect(store.getState().order).toEqual(['a', 'b'])
  })

  it('removes jobs and drops them from the selection', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a' }), job({ id: 'b' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    store.getState().actions.setSelection(['a', 'b'])
    await store.getState().actions.removeJobs(['a'])
    expect(store.getState().order).toEqual(['b'])
    expect(store.getState().selection).toEqual(['b'])
  })

  it('turns a refused call into a plain error toast', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    bridge.failNext('pauseJobs', 'internal', 'Ferry could not pause it.')
    await store.getState().actions.pauseJobs(['a'])
    expect(store.getState().toasts.at(-1)).toMatchObject({ text: 'Ferry could not pause it.', tone: 'error' })
  })
})
