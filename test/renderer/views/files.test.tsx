// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeBridge, remoteFile } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

describe('files view', () => {
  it('copies an ID exactly and says so in a toast', async () => {
    const bridge = createFakeBridge()
    bridge.files = [remoteFile({ id: 'file-9f3a', filename: 'batch.jsonl' })]
    const { copied } = await renderApp(bridge, '#/files')
    const row = (await screen.findByText('batch.jsonl')).closest('[role="row"]') as HTMLElement
    await act(async () => within(row).getByRole('button', { name: 'Copy ID' }).click())
    expect(copied).toEqual(['file-9f3a'])
    expect(screen.getByText('Copied file-9f3a')).toBeTruthy()
  })

  it('shows "just now", "never" and "in 3 days"', async () => {
    const bridge = createFakeBridge()
    const now = Date.now()
    bridge.files = [
      remoteFile({ id: 'file-a', createdAt: Math.floor(now / 1000), expiresAt: null }),
      remoteFile({ id: 'file-b', createdAt: Math.floor(now / 1000) - 7200, expiresAt: Math.floor(now / 1000) + 3 * 86400 - 5, purpose: 'batch' })
    ]
    await renderApp(bridge, '#/files')
    expect(await screen.findByText('just now')).toBeTruthy()
    expect(screen.getByText('never')).toBeTruthy()
    expect(screen.getByText('in 3 days')).toBeTruthy()
    expect(screen.getByText('2 hours ago')).toBeTruthy()
    expect(screen.getByText('2 files')).toBeTruthy()
  })

  it('asks before deleting, with "Keep files" focused, and deletes several at once', async () => {
    const bridge = createFakeBridge()
    bridge.files = [remoteFile({ id: 'file-1' }), remoteFile({ id: 'file-2' }), remoteFile({ id: 'file-3' }), remoteFile({ id: 'file-4' })]
    await renderApp(bridge, '#/files')
    await screen.findByText('file-1.jsonl')
    for (const n of [1, 2, 3]) await act(async () => screen.getByRole('checkbox', { name: `Select file-${n}.jsonl` }).click())
    await act(async () => screen.getByRole('button', { name: /Delete…/ }).click())
    const dialog = screen.getByRole('alertdialog')
    expect(within(dialog).getByText('Delete 3 files from Sandbox?')).toBeTruthy()
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep files' }))
    await act(async () => within(dialog).getByRole('button', { name: 'Delete 3 files' }).click())
    expect(bridge.calls.find((c) => c.verb === 'deleteFiles')?.input).toEqual({ accountId: 'acc_sandbox', ids: ['file-1', 'file-2', 'file-3'] })
    expect(screen.queryByText('file-1.jsonl')).toBeNull()
    expect(screen.getByText('file-4.jsonl')).toBeTruthy()
  })

  it('narrows by search and says when nothing matches', async () => {
    const bridge = createFakeBridge()
    bridge.files = [remoteFile({ id: 'file-abc', filename: 'train.jsonl' }), remoteFile({ id: 'file-xyz', filename: 'eval.jsonl' })]
    await renderApp(bridge, '#/files')
    await screen.findByText('train.jsonl')
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'file-xy' } })
    expect(screen.queryByText('train.jsonl')).toBeNull()
    expect(screen.getByText('eval.jsonl')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'nothing' } })
    expect(screen.getByText('No files match "nothing".')).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'Clear filters' }).click())
    expect(screen.getByText('train.jsonl')).toBeTruthy()
  })

  it('lists 10,000 files with at most 200 rows in the DOM', async () => {
    const bridge = createFakeBridge()
    bridge.files = Array.from({ length: 10_000 }, (_, i) => remoteFile({ id: `file-${i}`, createdAt: 1_700_000_000 + i }))
    await renderApp(bridge, '#/files')
    expect(await screen.findByText('10,000 files')).toBeTruthy()
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('10000')
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(200)
    // Newest first.
    expect(screen.getAllByRole('row')[0]?.textContent).toContain('file-9999')
  })

  it('says where a download was saved', async () => {
    const bridge = createFakeBridge()
    bridge.files = [remoteFile({ id: 'file-1', filename: 'a.jsonl' })]
    await renderApp(bridge, '#/files')
    await screen.findByText('a.jsonl')
    await act(async () => screen.getByRole('button', { name: 'Download…' }).click())
    fireEvent.change(screen.getByLabelText('Save to (full path)'), { target: { value: '/tmp/a.jsonl' } })
    await act(async () => screen.getByRole('button', { name: 'Download' }).click())
    expect(await screen.findByText('Saved to /tmp/a.jsonl')).toBeTruthy()
  })

  it('shows the empty state for an account without files', async () => {
    await renderApp(createFakeBridge(), '#/files')
    expect(await screen.findByText('No files in Sandbox yet.')).toBeTruthy()
  })
})
