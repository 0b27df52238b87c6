import { describe, expect, it } from 'vitest'
import { createFerryStore } from '../../../src/renderer/src/store/store'
import { createFakeBridge, job, remoteFile } from '../fake-bridge'

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('store over the bridge', () => {
  it('folds the snapshot and then every progress event as it arrives: the host paces them, the store holds none back', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    expect(store.getState().loaded).toBe(true)
    let updates = 0
    store.subscribe(() => updates++)
    for (let i = 1; i <= 10; i++) {
      bridge.emit({ type: 'progress', jobId: 'a', sent: i, total: 10, speed: 1, etaSeconds: 1 })
      expect(store.getState().progress.a?.sent).toBe(i)
    }
    expect(updates).toBe(10)
  })

  it('shows the newest event\'s state when a job\'s events arrive in order', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'queued' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    const seen: string[] = []
    for (const state of ['uploading', 'paused', 'queued', 'uploading', 'finishing', 'completed'] as const) {
      bridge.emit({ type: 'job', job: job({ id: 'a', state, ...(state === 'completed' ? { remoteId: 'file-1' } : {}) }) })
      seen.push(store.getState().jobs.a!.state)
    }
    expect(seen).toEqual(['uploading', 'paused', 'queued', 'uploading', 'finishing', 'completed'])
    expect(store.getState().jobs.a?.remoteId).toBe('file-1')
  })

  it('changes no job on a command\'s answer alone: the state comes from the events', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading' })] })
    // A host whose events are late: the answer names the jobs, and nothing else.
    bridge.pauseJobs = async () => ({ ok: true, value: { jobIds: ['a'] } })
    bridge.addFiles = async () => ({ ok: true, value: { jobIds: ['b'] } })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    const before = store.getState()
    await store.getState().actions.pauseJobs(['a'])
    expect(await store.getState().actions.addPaths(['/d/b.jsonl'])).toBe(true)
    expect(store.getState().jobs).toBe(before.jobs)
    expect(store.getState().order).toEqual(['a'])
    // The answer only counts: "1 file added".
    expect(store.getState().toasts.at(-1)).toMatchObject({ text: expect.stringMatching(/^1 file/), tone: 'info' })
    bridge.emit({ type: 'job', job: job({ id: 'a', state: 'paused' }) })
    bridge.emit({ type: 'job', job: job({ id: 'b', state: 'validating' }) })
    expect(store.getState().jobs.a?.state).toBe('paused')
    expect(store.getState().order).toEqual(['a', 'b'])
  })

  it('a command acts through the host: its events move the job, as the table allows', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading' }), job({ id: 'b', state: 'completed' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    await store.getState().actions.pauseJobs(['a', 'b'])
    expect(store.getState().jobs.a?.state).toBe('paused')
    expect(store.getState().jobs.b?.state).toBe('completed')
  })

  it('applies events that arrive before the snapshot once it lands', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a' })] })
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    bridge.emit({ type: 'job', job: job({ id: 'b', state: 'validating' }) })
    await tick()
    expect(store.getState().order).toEqual(['a', 'b'])
  })

  it('after a failed first load, Try again loads the snapshot and the events that waited follow it', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a' })] })
    bridge.failNext('snapshot', 'host_unreachable', 'Ferry is not answering.')
    const store = createFerryStore(bridge)
    store.getState().actions.connect()
    await tick()
    expect(store.getState().loadError).toMatchObject({ code: 'host_unreachable' })
    bridge.emit({ type: 'job', job: job({ id: 'b', state: 'validating' }) })
    await store.getState().actions.reload()
    expect(store.getState().order).toEqual(['a', 'b'])
    bridge.emit({ type: 'job', job: job({ id: 'c' }) })
    expect(store.getState().order).toEqual(['a', 'b', 'c'])
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

  describe('remote files, a page at a time', () => {
    const setup = async (n: number) => {
      const bridge = createFakeBridge()
      bridge.files = Array.from({ length: n }, (_, i) => remoteFile({ id: `file-${i}`, createdAt: 1_700_000_000 + i }))
      const store = createFerryStore(bridge)
      store.getState().actions.connect()
      await tick()
      return { bridge, store, files: () => store.getState().files, actions: store.getState().actions }
    }
    const pageCalls = (bridge: ReturnType<typeof createFakeBridge>) => bridge.calls.filter((c) => c.verb === 'listFilesPage').map((c) => c.input)

    it('drops a page that answers after a Refresh began again', async () => {
      const { bridge, files, actions } = await setup(250)
      await actions.loadFiles()
      // The second page is held back until the Refresh has its answer.
      const answer = bridge.listFilesPage.bind(bridge)
      let release = (): void => undefined
      bridge.listFilesPage = (input) => (input.after ? new Promise((r) => (release = () => r(answer(input)))) : answer(input))
      const late = actions.loadMoreFiles()
      await actions.loadFiles()
      release()
      await late
      expect(files()).toMatchObject({ status: 'ready', hasMore: true, after: 'file-150', loadingMore: false })
      expect(files().items.map((f) => f.id)).toEqual(Array.from({ length: 100 }, (_, i) => `file-${249 - i}`))
      expect(pageCalls(bridge)).toHaveLength(3)
    })

    it('goes on after the last file left when the page cursor itself is deleted', async () => {
      const { bridge, files, actions } = await setup(250)
      await actions.loadFiles()
      await actions.deleteFiles(['file-150', 'file-151'])
      expect(files().after).toBe('file-152')
      await actions.loadMoreFiles()
      expect(pageCalls(bridge).at(-1)).toMatchObject({ after: 'file-152' })
      expect(files().items).toHaveLength(198)
      expect(new Set(files().items.map((f) => f.id)).size).toBe(198)
    })

    it('a failed further page is told once and stops scrolling from asking again; Search all still can', async () => {
      const { bridge, store, files, actions } = await setup(250)
      await actions.loadFiles()
      bridge.failNext('listFilesPage', 'network', 'Can’t reach the sandbox.')
      await actions.loadMoreFiles()
      expect(files()).toMatchObject({ status: 'ready', items: expect.any(Array), hasMore: true, loadingMore: false, moreError: { code: 'network' } })
      expect(files().items).toHaveLength(100)
      expect(store.getState().toasts.at(-1)).toMatchObject({ tone: 'error' })
      await actions.loadMoreFiles({ all: true })
      expect(files()).toMatchObject({ hasMore: false, after: null, moreError: null })
      expect(files().items).toHaveLength(250)
    })
  })
})
