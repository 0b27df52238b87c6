// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeBridge, job } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

const GB = 1024 ** 3

describe('queue rows', () => {
  it('show each state as a plain word', async () => {
    const bridge = createFakeBridge({
      jobs: [
        job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 1, warnings: 0 } }),
        job({ id: 'b', state: 'has-warnings', check: { valid: true, errors: 0, warnings: 1 } }),
        job({ id: 'c', state: 'retrying', retryInSeconds: 12 }),
        job({ id: 'd', state: 'completed', remoteId: 'file-abc' })
      ]
    })
    await renderApp(bridge)
    const rows = screen.getAllByRole('row')
    expect(rows).toHaveLength(4)
    expect(within(rows[0]!).getByText('Needs fixing')).toBeTruthy()
    expect(within(rows[1]!).getByText('Has warnings')).toBeTruthy()
    expect(within(rows[1]!).getByRole('button', { name: 'Upload anyway' })).toBeTruthy()
    expect(within(rows[2]!).getByText(/^Retrying in 1[12] s$/)).toBeTruthy()
    expect(within(rows[3]!).getByText('Uploaded')).toBeTruthy()
    expect(within(rows[3]!).getByText(/file-abc/)).toBeTruthy()
  })

  it('shows no progress bar and no "Upload anyway" on a file that needs fixing', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 1, warnings: 0 } })] })
    await renderApp(bridge)
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Upload anyway' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Show problems' })).toBeTruthy()
  })

  it('gives the bar aria values from progress events, never NaN', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading', file: { path: '/d/t.jsonl', name: 't.jsonl', size: 2 * GB } })] })
    await renderApp(bridge)
    await act(async () => {
      bridge.emit({ type: 'progress', jobId: 'a', sent: 1.2 * GB, total: 2 * GB, speed: 38 * 1024 ** 2, etaSeconds: 180 })
      await new Promise((r) => setTimeout(r, 5))
    })
    const bar = screen.getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('60')
    // The first 5 s of a run show "Estimating…" instead of a time.
    expect(bar.getAttribute('aria-valuetext')).toBe('1.2 GB of 2.0 GB, estimating time left')
    expect(screen.getByText(/1\.2 GB of 2\.0 GB · 38 MB\/s · Estimating…/)).toBeTruthy()
    expect(document.body.textContent).not.toMatch(/NaN|undefined|\[object|Infinity/)
  })

  it('counts jobs in aria-rowcount and numbers rows with aria-rowindex', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a' }), job({ id: 'b' }), job({ id: 'c' })] })
    await renderApp(bridge)
    const grid = screen.getByRole('grid')
    expect(grid.getAttribute('aria-rowcount')).toBe('3')
    expect(screen.getAllByRole('row').map((r) => r.getAttribute('aria-rowindex'))).toEqual(['1', '2', '3'])
  })

  it('renders a 5,000-job list with at most ~200 rows in the DOM', async () => {
    const jobs = Array.from({ length: 5000 }, (_, i) => job({ id: `j${i}`, state: i % 2 ? 'uploading' : 'queued' }))
    const bridge = createFakeBridge({ jobs })
    await renderApp(bridge)
    const grid = screen.getByRole('grid')
    expect(grid.getAttribute('aria-rowcount')).toBe('5000')
    const rows = screen.getAllByRole('row')
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThanOrEqual(200)
  })

  it('maps a refused key to "Key not accepted." with a Fix key button that opens the key field', async () => {
    const bridge = createFakeBridge({
      jobs: [job({ id: 'a', state: 'failed', error: { code: 'auth_failed', message: 'Invalid key', hint: '' } })]
    })
    await renderApp(bridge)
    expect(screen.getByText('Key not accepted.')).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'Fix key' }).click())
    expect(window.location.hash).toBe('#/accounts/acc_sandbox/key')
  })

  it('Pause on a row reaches the host, and the row turns "Paused" when its event comes; P then resumes it', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading' })] })
    await renderApp(bridge)
    const row = screen.getByRole('row')
    await act(async () => within(row).getByRole('button', { name: 'Pause' }).click())
    expect(bridge.calls.find((c) => c.verb === 'pauseJobs')?.input).toEqual({ jobIds: ['a'] })
    expect(within(row).getByText('Paused')).toBeTruthy()
    expect(within(row).queryByRole('button', { name: 'Pause' })).toBeNull()
    row.focus()
    await act(async () => fireEvent.keyDown(row, { key: 'p' }))
    expect(bridge.calls.find((c) => c.verb === 'resumeJobs')?.input).toEqual({ jobIds: ['a'] })
    expect(within(row).getByText('Queued')).toBeTruthy()
  })

  it('offers only what the lifecycle table allows: "Retry now" cuts a retry’s wait short; nothing while finishing', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'retrying', retryInSeconds: 5 }), job({ id: 'b', state: 'finishing' })] })
    await renderApp(bridge)
    const [retrying, finishing] = screen.getAllByRole('row')
    expect(within(retrying!).getAllByRole('button').map((b) => b.textContent)).toEqual(['Retry now', 'Pause', 'Cancel'])
    expect(within(finishing!).queryAllByRole('button')).toHaveLength(0)
    expect(within(finishing!).getByText("Almost done; can't stop now")).toBeTruthy()
  })

  it('adds every path typed in the path field', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge)
    const field = screen.getByLabelText('File paths') as HTMLTextAreaElement
    fireEvent.change(field, { target: { value: '/a/one.jsonl\n/a/two.jsonl' } })
    await act(async () => screen.getByRole('button', { name: 'Add by path' }).click())
    expect(bridge.calls.find((c) => c.verb === 'addFiles')?.input).toEqual({ paths: ['/a/one.jsonl', '/a/two.jsonl'], accountId: 'acc_sandbox' })
    expect(await screen.findByText('one.jsonl')).toBeTruthy()
  })

  it('in the desktop app, "Choose files…" opens the OS dialog and queues what was chosen; a browser has no such button', async () => {
    const desktop = createFakeBridge({ nativeDialogs: true })
    desktop.dialogs.open = ['/home/me/one.jsonl', '/home/me/two.jsonl']
    await renderApp(desktop)
    await act(async () => screen.getByRole('button', { name: 'Choose files…' }).click())
    expect(desktop.calls.find((c) => c.verb === 'addFiles')?.input).toEqual({ paths: ['/home/me/one.jsonl', '/home/me/two.jsonl'], accountId: 'acc_sandbox' })
    expect(await screen.findByText('two.jsonl')).toBeTruthy()
    // Cancelled: nothing is queued.
    desktop.dialogs.open = []
    await act(async () => screen.getByRole('button', { name: 'Choose files…' }).click())
    expect(desktop.calls.filter((c) => c.verb === 'addFiles')).toHaveLength(1)
    cleanup()

    await renderApp(createFakeBridge())
    expect(screen.getByRole('button', { name: 'Add by path' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Choose files…' })).toBeNull()
  })
})
