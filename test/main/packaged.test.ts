// The packaged app (issue 8, item 14), with Electron faked: ELECTRON_RENDERER_URL is ignored and its origin never trusted, the
// page's own CSP forbids what the header forbids, and the IPC verbs that take a path accept only one the person gave for that:
// a download only where the save dialog was told, an upload only of a dataset.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { devServerUrl } from '../../src/main/ipc'
import { WEB_CSP } from '../../src/web/static'
import { tempDir } from '../helpers'
import { chatFile, until } from './fixtures'

const electron = await vi.hoisted(async () => (await import('./electron-double')).makeElectron({ isPackaged: true }))

vi.mock('electron', () => ({ default: electron.module, ...electron.module }))
vi.mock('electron-store', () => import('./electron-store-double'))

const DEV = 'http://localhost:5173/'
let dir = ''
const win = () => electron.BrowserWindow.all.at(-1)!
const call = async (verb: string, payload: unknown, url = win().webContents.url) =>
  (await electron.channels.get(`ferry:${verb}`)!({ senderFrame: { url } }, payload)) as { ok: boolean; value: unknown; error?: { code: string } }

beforeAll(async () => {
  dir = await tempDir()
  vi.stubEnv('FERRY_HOME', join(dir, 'home'))
  // What a tampered environment would say to a packaged app.
  vi.stubEnv('ELECTRON_RENDERER_URL', DEV)
  await import('../../src/main/index')
  await until(() => electron.trays.length === 1 && electron.channels.size > 0, 'the app started')
})

afterAll(async () => {
  electron.app.emit('before-quit', { preventDefault: () => undefined })
  await until(() => electron.app.quit.mock.calls.length > 0, 'the app quit')
  vi.unstubAllEnvs()
})

describe('the packaged app', () => {
  it('loads its own file, never ELECTRON_RENDERER_URL, and refuses IPC from that origin', async () => {
    // (The double's loadURL and loadFile each set the page's URL.)
    expect(win().webContents.url).toMatch(/^file:\/\/.*renderer[/\\]index\.html$/)
    expect((await call('snapshot', undefined)).ok).toBe(true)
    expect(await call('snapshot', undefined, `${DEV}#/queue`)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('honours the dev server only in development, and only on this computer', () => {
    expect(devServerUrl(true, { ELECTRON_RENDERER_URL: DEV })).toBeUndefined()
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: DEV })).toBe(DEV)
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' })).toBe('http://127.0.0.1:5173/')
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBeUndefined()
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'file:///tmp/x.html' })).toBeUndefined()
    expect(devServerUrl(false, {})).toBeUndefined()
  })

  it('the page’s own CSP forbids what the header does: connections elsewhere, forms, framing, <base>, plugins', async () => {
    const html = await readFile(new URL('../../src/renderer/index.html', import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!
    const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name!, v.join(' ')]))
    const page = directives(meta)
    // The same page is served by the browser host, whose API is its own origin: 'self', which the app's header narrows to 'none'.
    const web = directives(WEB_CSP)
    for (const name of ['connect-src', 'form-action', 'frame-ancestors', 'base-uri', 'object-src', 'script-src', 'default-src']) {
      expect(page.get(name), name).toBe(web.get(name))
    }
  })

  it('downloads only where the save dialog was told; uploads only datasets', async () => {
    const chosen = join(dir, 'Downloads', 'x.jsonl')
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: chosen })
    const elsewhere = await call('downloadFile', { accountId: 'sandbox', id: 'file-1', destPath: join(dir, 'overwritten.txt') })
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    expect((await call('chooseSavePath', { name: 'x.jsonl' })).value).toEqual({ path: chosen })
    // Where it was told, the download goes ahead (and fails only because the sandbox has no such file).
    const there = await call('downloadFile', { accountId: 'sandbox', id: 'file-1', destPath: chosen })
    expect(there.error?.code).not.toBe('not_allowed')

    const secret = join(dir, 'id_rsa')
    await writeFile(secret, 'PRIVATE KEY\n')
    expect(await call('addFiles', { paths: [secret], accountId: 'sandbox', purpose: 'fine-tune' })).toMatchObject({ ok: false, error: { code: 'not_a_dataset' } })
    expect((await call('addFiles', { paths: [await chatFile(dir, 'dropped.jsonl', 12)], accountId: 'sandbox' })).ok).toBe(true)
  })
})
