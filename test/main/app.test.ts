// The Electron main process (src/main/index.ts) against a fake of Electron's API, since the binary cannot run here: the
// window's security settings, the CSP, navigation and new windows refused, links opened only for allowed hosts,
// permissions denied, IPC bound for the app's own page only, the tray's menu in the Settings language, closing mid-upload
// hiding the window, the OS dialogs, and quitting that asks first and leaves the queue closed cleanly.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sparseFile, tempDir } from '../helpers'
import { until } from './fixtures'

const electron = await vi.hoisted(async () => (await import('./electron-double')).makeElectron())

vi.mock('electron', () => ({ default: electron.module, ...electron.module }))
vi.mock('electron-store', () => import('./electron-store-double'))

const MiB = 1024 * 1024
let home = ''
let appUrl = ''
let quit = false
const call = async <T>(verb: string, payload?: unknown, url = appUrl): Promise<{ ok: boolean; value: T; error: { code: string } }> =>
  (await electron.channels.get(`ferry:${verb}`)!({ senderFrame: { url } }, payload)) as { ok: boolean; value: T; error: { code: string } }
const win = () => electron.BrowserWindow.all.at(-1)!
const tray = () => electron.trays[0]!
const labels = () => tray().menu.map((i) => i.label ?? `(${i.type})`)

beforeAll(async () => {
  const dir = await tempDir()
  home = join(dir, 'home')
  await mkdir(home, { recursive: true })
  vi.stubEnv('FERRY_HOME', home)
  await import('../../src/main/index')
  await until(() => electron.trays.length === 1 && tray().menu.length > 0, 'the app started')
  appUrl = win().webContents.url
})

afterAll(async () => {
  // Quitting with nothing running asks nothing, closes the queue and quits.
  if (!quit) {
    electron.app.emit('before-quit', { preventDefault: () => undefined })
    await until(() => electron.app.quit.mock.calls.length > 0, 'the app quit')
  }
  vi.unstubAllEnvs()
})

describe('the Electron main process', () => {
  it('opens one window with context isolation, the sandbox, no Node in the page, and the app icon', () => {
    expect(electron.BrowserWindow.all).toHaveLength(1)
    const { webPreferences, icon } = win().options
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(String(webPreferences.preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(icon).toMatch(/resources[/\\]icons[/\\]icon\.png$/)
    expect(appUrl).toMatch(/^file:\/\/.*renderer[/\\]index\.html$/)
  })

  it('sets a strict CSP on every response: no network from the page, scripts only from the app', () => {
    let headers: Record<string, string[]> = {}
    electron.headers.fn!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders))
    const csp = headers['Content-Security-Policy']![0]!
    expect(headers['X-Other']).toEqual(['1'])
    for (const part of ["default-src 'self'", "script-src 'self'", "connect-src 'none'", "object-src 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(part)
    expect(csp).not.toContain('unsafe-eval')
  })

  it('refuses navigation, webviews, new windows and permission requests; opens only https links to allowed hosts', () => {
    const wc = win().webContents
    for (const event of ['will-navigate', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() }
      for (const fn of wc.events.get(event) ?? []) fn(e)
      expect(e.preventDefault).toHaveBeenCalled()
    }
    for (const url of ['https://platform.openai.com/api-keys', 'http://platform.openai.com/', 'https://evil.example/', 'javascript:alert(1)', 'not a url']) {
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.shell.openExternal.mock.calls.map((c) => c as unknown[])).toEqual([['https://platform.openai.com/api-keys']])
    let granted: boolean | undefined
    electron.permissions.fn!(wc, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    // Checked without asking, too: no permission at all.
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) expect(electron.permissions.check!(wc, permission)).toBe(false)
  })

  it('answers the app’s own page over IPC and refuses any other', async () => {
    expect((await call<{ accounts: unknown[] }>('snapshot')).ok).toBe(true)
    expect(await call('snapshot', undefined, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('offers the OS dialogs: open in the Settings language, save in Downloads, Show in folder only for known files', async () => {
    expect((await call<{ nativeDialogs: boolean }>('snapshot')).value.nativeDialogs).toBe(true)
    expect((await call<{ paths: string[] }>('chooseFiles')).value.paths).toEqual(['/home/me/a.jsonl'])
    const [options] = electron.dialog.showOpenDialog.mock.calls.at(-1)! as [{ properties: string[]; filters: { name: string }[] }]
    expect(options.properties).toEqual(['openFile', 'multiSelections'])
    expect(options.filters.map((f) => f.name)).toEqual(['JSON Lines files', 'All files'])
    expect((await call<{ path: string }>('chooseSavePath', { name: 'x.jsonl' })).value.path).toBe('/home/me/Downloads/x.jsonl')
    expect(electron.dialog.showSaveDialog.mock.calls.at(-1)).toEqual([{ defaultPath: join('/home/me/Downloads', 'x.jsonl') }])
    expect((await call('showInFolder', { path: '/etc/passwd' })).error.code).toBe('not_allowed')
    expect(electron.shell.showItemInFolder).not.toHaveBeenCalled()
  })

  it('keeps a tray: what runs, Show, Pause all, Quit, in the Settings language', async () => {
    expect(tray().image.path).toMatch(/resources[/\\]icons[/\\]tray\.png$/)
    expect(labels()).toEqual(['No uploads running', '(separator)', 'Show Ferry', 'Pause all', 'Quit Ferry'])
    expect(tray().menu.find((i) => i.label === 'Pause all')?.enabled).toBe(false)
    await call('updateSettings', { language: 'ru' })
    await until(() => labels()[0] === 'Загрузок нет', 'the Russian tray')
    expect(labels()).toEqual(['Загрузок нет', '(separator)', 'Показать Ferry', 'Приостановить все', 'Выйти из Ferry'])
    await call('updateSettings', { language: 'en' })
    await until(() => labels()[0] === 'No uploads running', 'the English tray')
  })

  it('closing the window mid-upload hides it (told once); Pause all from the tray stops the upload; then closing closes', async () => {
    const dir = await tempDir()
    // A slow upload to the built-in sandbox: 32 MiB at 1 MiB/s (a pause cuts parts that would take longer than a few seconds).
    expect((await call('updateSettings', { speedLimit: MiB, autoStart: true, partSizeMiB: 8 })).ok).toBe(true)
    const file = await sparseFile(dir, 'slow.jsonl', 32 * MiB)
    const added = await call<{ jobIds: string[] }>('addFiles', { paths: [file], accountId: 'sandbox', purpose: 'user_data' })
    expect(added.ok).toBe(true)
    await until(() => /^Uploading 1 file: \d+%$/.test(labels()[0] ?? ''), 'the tray to show the upload')

    expect(win().close()).toBe(false)
    expect(win().visible).toBe(false)
    expect(electron.notifications).toContainEqual({ title: 'Ferry', body: 'Ferry keeps uploading in the background.' })
    expect(win().close()).toBe(false)
    expect(electron.notifications.filter((n) => n.body.includes('background'))).toHaveLength(1)

    // Show brings it back.
    tray().menu.find((i) => i.label === 'Show Ferry')!.click!()
    expect(win().visible).toBe(true)

    // Quit from the tray while it runs: asked, and "Keep uploading" keeps it.
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 })
    const quits = electron.app.quit.mock.calls.length
    const asked = electron.dialog.showMessageBox.mock.calls.length
    tray().menu.find((i) => i.label === 'Quit Ferry')!.click!()
    expect(electron.app.quit).toHaveBeenCalledTimes(quits + 1)
    const e = { preventDefault: vi.fn() }
    electron.app.emit('before-quit', e)
    expect(e.preventDefault).toHaveBeenCalled()
    await until(() => electron.dialog.showMessageBox.mock.calls.length === asked + 1, 'the quit question')
    expect(electron.dialog.showMessageBox.mock.calls.at(-1)![0]).toMatchObject({
      message: 'Quit while 1 upload is running?',
      detail: 'They continue where they left off next time.',
      buttons: ['Keep uploading', 'Quit'],
      defaultId: 0,
      cancelId: 0
    })
    await new Promise((r) => setTimeout(r, 50))
    // Only the tray's own call: the question kept the app open.
    expect(electron.app.quit).toHaveBeenCalledTimes(quits + 1)

    tray().menu.find((i) => i.label === 'Pause all')!.click!()
    const id = added.value.jobIds[0]!
    await until(async () => (await call<{ jobs: { id: string; state: string }[] }>('snapshot')).value.jobs.find((j) => j.id === id)?.state === 'paused', 'the job paused')
    await until(() => labels()[0] === 'No uploads running', 'the tray idle again')
    expect(win().close()).toBe(true)
  })

  it('quitting with nothing running asks nothing, closes the queue, then quits', async () => {
    const asked = electron.dialog.showMessageBox.mock.calls.length
    const quits = electron.app.quit.mock.calls.length
    const e = { preventDefault: vi.fn() }
    electron.app.emit('before-quit', e)
    expect(e.preventDefault).toHaveBeenCalled()
    await until(() => electron.app.quit.mock.calls.length > quits, 'the app quit')
    expect(electron.dialog.showMessageBox.mock.calls.length).toBe(asked)
    quit = true
  })

  it('a second Ferry quits at once, opening nothing: two processes never drain one queue', async () => {
    vi.resetModules()
    electron.app.lock = false
    const windows = electron.BrowserWindow.all.length
    const quits = electron.app.quit.mock.calls.length
    await import('../../src/main/index')
    await new Promise((r) => setTimeout(r, 50))
    expect(electron.app.quit.mock.calls.length).toBe(quits + 1)
    expect(electron.BrowserWindow.all).toHaveLength(windows)
    expect(electron.trays).toHaveLength(1)
  })
})
