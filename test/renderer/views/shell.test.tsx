// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SETTINGS, account, createFakeBridge, job } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

describe('shell and first run', () => {
  it('welcomes a first run with the sandbox and four key hints, sidebar visible', async () => {
    const bridge = createFakeBridge({ activeAccountId: null })
    await renderApp(bridge, '')
    expect(await screen.findByRole('heading', { name: 'Welcome to Ferry' })).toBeTruthy()
    expect(window.location.hash).toBe('#/welcome')
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy()
    for (const hint of [
      'At platform.openai.com, open API keys and create a secret key (it starts with sk-).',
      'In your NetMind Power dashboard, copy a key from the API keys page.',
      "In the Yandex Cloud console, create a service account's API key in your folder; copy the folder ID shown by its name.",
      "Copy the API key and base URL from your provider's developer settings."
    ])
      expect(screen.getByText(hint)).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'Try the sandbox' }).click())
    expect(bridge.calls.find((c) => c.verb === 'setActiveAccount')?.input).toEqual({ id: 'acc_sandbox' })
    expect(window.location.hash).toBe('#/queue')
    await screen.findByText('Drop your .jsonl files here')
    expect(screen.getByRole('button', { name: /Account: Sandbox/ }).textContent).toContain('Sandbox')
  })

  it('"Add two sample files" switches to the sandbox and queues both samples', async () => {
    const bridge = createFakeBridge({ activeAccountId: null })
    await renderApp(bridge, '')
    await act(async () => (await screen.findByRole('button', { name: 'Add two sample files' })).click())
    expect(bridge.calls.map((c) => c.verb)).toEqual(expect.arrayContaining(['setActiveAccount', 'addSampleFiles']))
    expect(window.location.hash).toBe('#/queue')
    expect(await screen.findByText('train-sample.jsonl')).toBeTruthy()
    expect(screen.getByText('batch-sample.jsonl')).toBeTruthy()
  })

  it('switches accounts from the switcher menu in one click', async () => {
    const work = account({ id: 'w', name: 'Work', provider: 'openai', maskedKey: '••••a1b2', chip: { color: 1, initials: 'WK' } })
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/queue')
    await act(async () => screen.getByRole('button', { name: /Account: Sandbox/ }).click())
    const menu = screen.getByRole('menu')
    expect(within(menu).getByText('Sandbox (practice)')).toBeTruthy()
    expect(within(menu).getByText('••••a1b2')).toBeTruthy()
    await act(async () => within(menu).getByRole('menuitemradio', { name: /Work/ }).click())
    expect(bridge.calls.find((c) => c.verb === 'setActiveAccount')?.input).toEqual({ id: 'w' })
    expect(screen.getByRole('button', { name: /Account: Work, OpenAI/ })).toBeTruthy()
  })

  it('shows the offline banner only after 3 s without a connection', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/queue')
    await act(async () => bridge.emit({ type: 'connectivity', online: false, unreachable: [] }))
    expect(screen.queryByText(/You're offline/)).toBeNull()
    await act(async () => new Promise((r) => setTimeout(r, 3100)))
    expect(screen.getByText("You're offline. Uploads are paused and will continue by themselves when the connection is back.")).toBeTruthy()
    await act(async () => bridge.emit({ type: 'connectivity', online: true, unreachable: [] }))
    expect(screen.queryByText(/You're offline/)).toBeNull()
  })

  it('tells once that the upload list was repaired', async () => {
    const bridge = createFakeBridge({ notices: [{ code: 'store_repaired', message: 'The queue file was damaged.', hint: '' }] })
    await renderApp(bridge, '#/queue')
    expect(screen.getByText('Upload list repaired.')).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'OK' }).click())
    expect(screen.queryByText('Upload list repaired.')).toBeNull()
  })

  it('speaks Russian when asked: "Очередь", "1,2 ГБ"', async () => {
    const GB = 1024 ** 3
    const bridge = createFakeBridge({
      settings: { ...SETTINGS, language: 'ru' },
      jobs: [job({ id: 'a', state: 'paused', bytesSent: 1.2 * GB, file: { path: '/t', name: 't.jsonl', size: 2 * GB } })]
    })
    await renderApp(bridge, '#/queue')
    expect(screen.getByRole('link', { name: 'Очередь' })).toBeTruthy()
    expect(screen.getByText(/1,2 ГБ из 2,0 ГБ/)).toBeTruthy()
    expect(document.documentElement.lang).toBe('ru')
  })

  it('announces state changes politely, not progress', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'uploading', file: { path: '/t', name: 't.jsonl', size: 100 } })] })
    await renderApp(bridge, '#/queue')
    await act(async () => bridge.emit({ type: 'job', job: job({ id: 'a', state: 'completed', remoteId: 'file-1', file: { path: '/t', name: 't.jsonl', size: 100 } }) }))
    expect(document.querySelector('[aria-live="polite"][aria-atomic="true"]')?.textContent).toBe('t.jsonl: Uploaded')
  })
})

describe('keyboard', () => {
  it('Enter on a row opens its panel; Esc closes it and returns focus to the row', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'ready' }), job({ id: 'b', state: 'ready' })] })
    await renderApp(bridge, '#/queue')
    const rows = screen.getAllByRole('row')
    rows[0]!.focus()
    await act(async () => fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' }))
    expect(document.activeElement?.getAttribute('data-job-id')).toBe('b')
    await act(async () => fireEvent.keyDown(document.activeElement!, { key: 'Enter' }))
    expect(window.location.hash).toBe('#/queue/b')
    await act(async () => new Promise((r) => setTimeout(r, 10)))
    const panel = await screen.findByRole('complementary')
    expect(panel.contains(document.activeElement)).toBe(true)
    await act(async () => fireEvent.keyDown(document.activeElement!, { key: 'Escape' }))
    await act(async () => new Promise((r) => setTimeout(r, 50)))
    expect(screen.queryByRole('complementary')).toBeNull()
    expect(document.activeElement?.getAttribute('data-job-id')).toBe('b')
  })

  it('Ctrl+C on a finished row copies its ID', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'completed', remoteId: 'file-xyz' })] })
    const { copied } = await renderApp(bridge, '#/queue')
    const row = screen.getByRole('row')
    row.focus()
    await act(async () => fireEvent.keyDown(row, { key: 'c', ctrlKey: true }))
    expect(copied).toEqual(['file-xyz'])
    expect(screen.getByText('Copied file-xyz')).toBeTruthy()
  })
})
