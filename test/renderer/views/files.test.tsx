// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { en } from '../../../src/shared/locale/en'
import { ru } from '../../../src/shared/locale/ru'
import { createFakeBridge, remoteFile, SETTINGS } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

/** `n` files, file-0 the oldest: newest first they run file-{n-1} … file-0. */
const manyFiles = (n: number) => Array.from({ length: n }, (_, i) => remoteFile({ id: `file-${i}`, createdAt: 1_700_000_000 + i }))

/** Scrolls the file grid to its end, as a person would; the virtual list then renders its last rows. */
async function scrollToEnd(): Promise<void> {
  const grid = screen.getByRole('grid')
  await act(async () => {
    // No layout here: the list's own height (rows × row height) stands for scrollHeight.
    grid.scrollTop = parseFloat((grid.firstElementChild as HTMLElement).style.height)
    fireEvent.scroll(grid)
  })
}

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

  it('lists 10,000 files a page at a time: "100+ files", then "10,000 files" after Search all; at most 200 rows', async () => {
    const bridge = createFakeBridge()
    bridge.files = Array.from({ length: 10_000 }, (_, i) => remoteFile({ id: `file-${i}`, createdAt: 1_700_000_000 + i }))
    await renderApp(bridge, '#/files')
    expect(await screen.findByText('100+ files')).toBeTruthy()
    expect(bridge.calls.filter((c) => c.verb === 'listFilesPage').map((c) => c.input)).toEqual([{ accountId: 'acc_sandbox', limit: 100 }])
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(200)
    // Newest first.
    expect(screen.getAllByRole('row')[0]?.textContent).toContain('file-9999')
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'file-' } })
    await act(async () => screen.getByRole('button', { name: 'Search all' }).click())
    expect(await screen.findByText('10,000 files')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '' } })
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('10000')
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(200)
    expect(screen.getAllByRole('row')[0]?.textContent).toContain('file-9999')
  })

  it('loads the next 100 as you scroll near the end: "100+ files", "200+ files", then "250 files", each file once', async () => {
    const bridge = createFakeBridge()
    bridge.files = manyFiles(250)
    await renderApp(bridge, '#/files')
    expect(await screen.findByText('100+ files')).toBeTruthy()
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('-1')
    await scrollToEnd()
    expect(await screen.findByText('200+ files')).toBeTruthy()
    await scrollToEnd()
    expect(await screen.findByText('250 files')).toBeTruthy()
    const pages = bridge.calls.filter((c) => c.verb === 'listFilesPage').map((c) => c.input)
    expect(pages).toEqual([
      { accountId: 'acc_sandbox', limit: 100 },
      { accountId: 'acc_sandbox', after: 'file-150', limit: 100 },
      { accountId: 'acc_sandbox', after: 'file-50', limit: 100 }
    ])
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('250')
    expect(screen.getAllByRole('row').length).toBeLessThanOrEqual(200)
    // Nothing more to ask for once every page is in.
    await scrollToEnd()
    expect(bridge.calls.filter((c) => c.verb === 'listFilesPage')).toHaveLength(3)
  })

  it('searches the loaded rows, says how many it searched, and Search all finds older files', async () => {
    const bridge = createFakeBridge()
    bridge.files = manyFiles(250)
    await renderApp(bridge, '#/files')
    await screen.findByText('100+ files')
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'file-12' } })
    // file-120 … file-129 are among the newest hundred (150–249 are loaded); file-12 itself is not yet.
    expect(screen.getByText('Searched 100 of 100+ files.')).toBeTruthy()
    expect(screen.queryByText('file-12.jsonl')).toBeNull()
    expect(screen.queryByText('file-125.jsonl')).toBeNull()
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'file-20' } })
    expect(screen.getByText('file-205.jsonl')).toBeTruthy()
    // A search does not page by itself, however far it scrolls.
    await scrollToEnd()
    expect(bridge.calls.filter((c) => c.verb === 'listFilesPage')).toHaveLength(1)
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'file-12' } })
    await act(async () => screen.getByRole('button', { name: 'Search all' }).click())
    expect(await screen.findByText('250 files')).toBeTruthy()
    expect(screen.getByText('file-12.jsonl')).toBeTruthy()
    expect(screen.getByText('file-125.jsonl')).toBeTruthy()
    expect(screen.queryByText(/^Searched/)).toBeNull()
    expect(screen.queryByRole('button', { name: 'Search all' })).toBeNull()
  })

  it('filtering by purpose and Refresh start again from the first page', async () => {
    const bridge = createFakeBridge()
    bridge.files = manyFiles(250).map((f, i) => (i % 2 ? { ...f, purpose: 'batch' } : f))
    await renderApp(bridge, '#/files')
    await screen.findByText('100+ files')
    await scrollToEnd()
    await screen.findByText('200+ files')
    fireEvent.change(screen.getByLabelText('Purpose'), { target: { value: 'batch' } })
    expect(await screen.findByText('100+ files')).toBeTruthy()
    expect(bridge.calls.filter((c) => c.verb === 'listFilesPage').at(-1)?.input).toEqual({ accountId: 'acc_sandbox', limit: 100, purpose: 'batch' })
    expect(screen.getAllByRole('row').every((r) => r.textContent?.includes('Batch'))).toBe(true)
    await scrollToEnd()
    expect(await screen.findByText('125 files')).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'Refresh' }).click())
    expect(await screen.findByText('100+ files')).toBeTruthy()
    expect(bridge.calls.filter((c) => c.verb === 'listFilesPage').at(-1)?.input).toEqual({ accountId: 'acc_sandbox', limit: 100, purpose: 'batch' })
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

  it('in the desktop app, Download… asks the OS where to save, then offers Show in folder; cancelling downloads nothing', async () => {
    const bridge = createFakeBridge({ nativeDialogs: true })
    bridge.files = [remoteFile({ id: 'file-1', filename: 'a.jsonl' })]
    await renderApp(bridge, '#/files')
    await screen.findByText('a.jsonl')
    await act(async () => screen.getByRole('button', { name: 'Download…' }).click())
    expect(bridge.calls.find((c) => c.verb === 'chooseSavePath')?.input).toEqual({ name: 'a.jsonl' })
    expect(bridge.calls.some((c) => c.verb === 'downloadFile')).toBe(false)
    expect(screen.queryByRole('dialog')).toBeNull()

    bridge.dialogs.save = '/home/me/Downloads/a.jsonl'
    await act(async () => screen.getByRole('button', { name: 'Download…' }).click())
    expect(bridge.calls.find((c) => c.verb === 'downloadFile')?.input).toEqual({ accountId: 'acc_sandbox', id: 'file-1', destPath: '/home/me/Downloads/a.jsonl' })
    expect(await screen.findByText(/^Saved to \/home\/me\/Downloads\/a\.jsonl/)).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'Show in folder' }).click())
    expect(bridge.calls.find((c) => c.verb === 'showInFolder')?.input).toEqual({ path: '/home/me/Downloads/a.jsonl' })
  })

  it('a full disk says "Not enough space." and, in the desktop app, "Choose folder…" saves it elsewhere', async () => {
    const bridge = createFakeBridge({ nativeDialogs: true })
    bridge.files = [remoteFile({ id: 'file-1', filename: 'a.jsonl' })]
    bridge.dialogs.save = '/full/a.jsonl'
    await renderApp(bridge, '#/files')
    await screen.findByText('a.jsonl')
    bridge.failNext('downloadFile', 'disk_full')
    await act(async () => screen.getByRole('button', { name: 'Download…' }).click())
    expect(await screen.findByText(/^Not enough space\./)).toBeTruthy()
    bridge.dialogs.save = '/roomy/a.jsonl'
    await act(async () => screen.getByRole('button', { name: 'Choose folder…' }).click())
    expect(bridge.calls.filter((c) => c.verb === 'downloadFile').map((c) => (c.input as { destPath: string }).destPath)).toEqual(['/full/a.jsonl', '/roomy/a.jsonl'])
    expect(await screen.findByText(/^Saved to \/roomy\/a\.jsonl/)).toBeTruthy()
  })

  it('a running download has a Cancel button; a cancelled download says nothing was saved', async () => {
    const bridge = createFakeBridge()
    bridge.files = [remoteFile({ id: 'file-1', filename: 'a.jsonl' })]
    await renderApp(bridge, '#/files')
    await screen.findByText('a.jsonl')
    await act(async () => bridge.emit({ type: 'download', id: 'file-1', received: 512, total: 1024 }))
    await act(async () => screen.getByRole('button', { name: 'Cancel the download of a.jsonl' }).click())
    expect(bridge.calls.find((c) => c.verb === 'cancelDownload')?.input).toEqual({ id: 'file-1' })

    bridge.failNext('downloadFile', 'download_cancelled')
    await act(async () => screen.getByRole('button', { name: 'Download…' }).click())
    fireEvent.change(screen.getByLabelText('Save to (full path)'), { target: { value: '/tmp/a.jsonl' } })
    await act(async () => screen.getByRole('button', { name: 'Download' }).click())
    expect(await screen.findByText('Download cancelled; "a.jsonl" was not saved.')).toBeTruthy()
  })

  it('a file already there: asks Replace / Keep both / Cancel (Cancel focused), and goes on as answered', async () => {
    const bridge = createFakeBridge({ nativeDialogs: true })
    bridge.files = [remoteFile({ id: 'file-1', filename: 'a.jsonl' })]
    bridge.dialogs.save = '/home/me/Downloads'
    await renderApp(bridge, '#/files')
    await screen.findByText('a.jsonl')
    const downloads = () => bridge.calls.filter((c) => c.verb === 'downloadFile').map((c) => c.input)
    const ask = async () => {
      bridge.failNext('downloadFile', 'file_exists', '/home/me/Downloads/a.jsonl already exists.', { path: '/home/me/Downloads/a.jsonl' })
      await act(async () => screen.getByRole('button', { name: 'Download…' }).click())
      return screen.getByRole('alertdialog')
    }

    let dialog = await ask()
    expect(within(dialog).getByText('"a.jsonl" is already there')).toBeTruthy()
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    await act(async () => within(dialog).getByRole('button', { name: 'Cancel' }).click())
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(downloads()).toHaveLength(1)
    expect(screen.queryByText(/Saved to/)).toBeNull()

    dialog = await ask()
    await act(async () => within(dialog).getByRole('button', { name: 'Keep both' }).click())
    expect(downloads()[2]).toEqual({ accountId: 'acc_sandbox', id: 'file-1', destPath: '/home/me/Downloads', ifExists: 'keepBoth' })
    expect(await screen.findByText(/^Saved to/)).toBeTruthy()

    dialog = await ask()
    await act(async () => within(dialog).getByRole('button', { name: 'Replace' }).click())
    expect(downloads()[4]).toEqual({ accountId: 'acc_sandbox', id: 'file-1', destPath: '/home/me/Downloads', ifExists: 'replace' })
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it.each([
    ['en', 'is_folder', 'That is a folder — choose a file name.'],
    ['en', 'folder_missing', 'That folder does not exist. Create it or choose another folder.'],
    ['en', 'folder_not_writable', 'Ferry is not allowed to save in that folder. Choose a folder you own.'],
    ['en', 'read_only', 'That disk is read-only. Choose another folder.'],
    ['en', 'too_many_open_files', 'Too many files are open on this computer. Close some programs, then try again.'],
    ['ru', 'folder_missing', 'Такой папки нет. Создайте её или выберите другую.'],
    ['ru', 'folder_not_writable', 'Ferry не может сохранять в эту папку: нет прав. Выберите свою папку.']
  ] as const)('a local fault (%s, %s) is said as one, in the UI language, with Choose folder… where it helps', async (language, code, text) => {
    const words = language === 'ru' ? ru : en
    const bridge = createFakeBridge({ nativeDialogs: true, settings: { ...SETTINGS, language } })
    bridge.files = [remoteFile({ id: 'file-1', filename: 'a.jsonl' })]
    bridge.dialogs.save = '/nowhere/a.jsonl'
    await renderApp(bridge, '#/files')
    await screen.findByText('a.jsonl')
    bridge.failNext('downloadFile', code, 'The engine’s English words, naming /nowhere.')
    await act(async () => screen.getByRole('button', { name: words['files.download'] }).click())
    const status = await screen.findByText(text)
    expect(status.textContent).not.toMatch(/network|сети|English/i)
    expect(within(status).queryByRole('button', { name: words['action.chooseFolder'] }) !== null).toBe(code !== 'too_many_open_files')
  })

  it('shows the empty state for an account without files', async () => {
    await renderApp(createFakeBridge(), '#/files')
    expect(await screen.findByText('No files in Sandbox yet.')).toBeTruthy()
  })
})
