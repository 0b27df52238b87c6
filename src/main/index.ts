// The Electron main process: one secure window, the handlers bound to IPC, and the desktop glue (single instance, CSP,
// external links, notifications, taskbar progress, the tray, staying awake, asking before quitting mid-upload). Kept thin:
// the work is in handlers.ts, desktop.ts and src/core.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, net, Notification, powerSaveBlocker, session, shell, Tray } from 'electron'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ferryHome } from '../core/home'
import { httpProbe } from '../core/jobs/connectivity'
import { defaultContentCheck } from '../core/jobs/content-check'
import { createTranslator, type Translator } from '../shared/locale'
import { DesktopTouches, quitQuestion, trayMenu, type UploadSummary } from './desktop'
import { createHandlers, type FerryHandlers, type NativeDialogs } from '../host/handlers'
import { keepRunning } from '../host/keep-running'
import { bindIpc, devServerUrl, trustedRendererUrl } from './ipc'
import { createElectronVault, electronStoreFactory } from './secrets'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererIndex = join(here, '../renderer/index.html')
const icons = fileURLToPath(new URL('../../resources/icons/', import.meta.url))
// The renderer never talks to the network: everything goes through the preload's narrow API.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
/** Where "where to find your key" links may go (UI.md §1); anything else stays closed. */
const EXTERNAL_HOSTS = new Set(['platform.openai.com', 'netmind.ai', 'www.netmind.ai', 'console.yandex.cloud', 'yandex.cloud', 'portal.azure.com', 'github.com'])
/** electron-vite's dev server, in development only: a packaged app always loads, and trusts, its own files. */
const devServer = devServerUrl(app.isPackaged)
const isTrusted = trustedRendererUrl(pathToFileURL(rendererIndex).href, devServer)

let handlers: FerryHandlers | undefined
let quitting = false
let text: Translator = createTranslator('en')
/** Held here so it is never garbage-collected (a collected tray icon vanishes). */
let tray: Tray | undefined

function openExternal(url: string): void {
  try {
    const u = new URL(url)
    if (u.protocol === 'https:' && EXTERNAL_HOSTS.has(u.hostname)) void shell.openExternal(u.href)
  } catch {
    // not a URL: ignored
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Ferry',
    icon: join(icons, 'icon.png'),
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false
    }
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url)
    return { action: 'deny' }
  })
  if (devServer) void win.loadURL(devServer)
  else void win.loadFile(rendererIndex)
  return win
}

/** The OS's open and save dialogs (over the focused window) and its file manager, in the Settings language. */
function nativeDialogs(): NativeDialogs {
  const parent = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? undefined
  return {
    async openFiles() {
      const filters = [
        { name: text.t('dialog.jsonl'), extensions: ['jsonl'] },
        { name: text.t('dialog.allFiles'), extensions: ['*'] }
      ]
      const options: Electron.OpenDialogOptions = { properties: ['openFile', 'multiSelections'], filters }
      const w = parent()
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
      return r.canceled ? [] : r.filePaths
    },
    async savePath(name) {
      const options: Electron.SaveDialogOptions = { defaultPath: join(app.getPath('downloads'), name) }
      const w = parent()
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
      return r.canceled || !r.filePath ? null : r.filePath
    },
    reveal: (path) => shell.showItemInFolder(path)
  }
}

async function start(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  // No camera, notifications-from-the-page, clipboard-read or any other web permission: asked or merely checked, the answer is no.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  const home = ferryHome()
  const vault = createElectronVault(home)
  const h = await createHandlers({
    home,
    vault,
    makeStore: electronStoreFactory,
    probe: httpProbe(),
    isOnline: () => net.isOnline(),
    // The validator's worker is bundled with the CLI (npm run build builds both); without it the check runs in this thread.
    check: defaultContentCheck(new URL('../cli/validate-worker.mjs', import.meta.url)),
    notices: vault.notices,
    samplesDir: fileURLToPath(new URL('../../resources/samples', import.meta.url)),
    dialogs: nativeDialogs()
  })
  handlers = h

  let win = createWindow()
  bindIpc({ ipcMain, handlers: h, isTrustedUrl: isTrusted, targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents) })

  const snap = await h.snapshot()
  let notificationsOn = snap.ok ? snap.value.settings.notifications : true
  if (snap.ok) text = createTranslator(snap.value.settings.language)
  let blocker: number | undefined
  const notify = (title: string, body: string): void => {
    if (Notification.isSupported()) new Notification({ title, body }).show()
  }
  const showWindow = (): void => {
    if (win.isDestroyed()) win = keepInTray(createWindow())
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }

  // The tray (UI.md §7): what runs, Show, Pause all, Quit. Some Linux desktops have none; then closing the window quits (asking).
  try {
    tray = new Tray(nativeImage.createFromPath(join(icons, 'tray.png')))
    tray.on('click', showWindow)
  } catch {
    tray = undefined
  }
  let summary: UploadSummary = { active: 0, percent: null }
  const showSummary = (): void => {
    if (!tray) return
    const menu = trayMenu(summary, text)
    const act = { summary: () => undefined, show: showWindow, pauseAll: () => void h.pauseJobs({ jobIds: desktop.pauseTargets() }), quit: () => app.quit() }
    tray.setToolTip(menu.tooltip)
    const [head, ...rest] = menu.items.map((i) => ({ label: i.label, enabled: i.enabled, click: act[i.id] }))
    tray.setContextMenu(Menu.buildFromTemplate([head!, { type: 'separator' }, ...rest]))
  }
  // Closing the window mid-upload hides it: the uploads go on, told once.
  let toldBackground = false
  function keepInTray(w: BrowserWindow): BrowserWindow {
    w.on('close', (e) => {
      if (quitting || !tray || h.activeUploads() === 0) return
      e.preventDefault()
      w.hide()
      if (!toldBackground) notify(text.t('app.name'), text.t('desktop.background'))
      toldBackground = true
    })
    return w
  }
  win = keepInTray(win)

  const desktop = new DesktopTouches({
    notify,
    setProgress: (fraction, mode) => BrowserWindow.getAllWindows().forEach((w) => w.setProgressBar(fraction, { mode })),
    keepAwake: (on) => {
      if (on && blocker === undefined) blocker = powerSaveBlocker.start('prevent-app-suspension')
      if (!on && blocker !== undefined) {
        powerSaveBlocker.stop(blocker)
        blocker = undefined
      }
    },
    windowFocused: () => BrowserWindow.getFocusedWindow() !== null,
    notificationsOn: () => notificationsOn,
    text: () => text,
    setSummary: (s) => {
      summary = s
      showSummary()
    }
  })
  if (snap.ok) desktop.seed(snap.value.jobs)
  h.onEvent((event) => {
    if (event.type === 'settings') {
      notificationsOn = event.settings.notifications
      if (event.settings.language !== text.lang) {
        text = createTranslator(event.settings.language)
        showSummary()
      }
    }
    desktop.handle(event)
  })

  app.on('activate', showWindow)
  app.on('second-instance', showWindow)
}

// Quitting with uploads in flight asks first (UI.md §7); either way the jobs stop where they are and resume at the next start.
app.on('before-quit', (e) => {
  if (quitting || !handlers) return
  e.preventDefault()
  const h = handlers
  const running = h.activeUploads()
  const ask = running > 0 ? dialog.showMessageBox({ type: 'question', defaultId: 0, cancelId: 0, ...quitQuestion(running, text) }) : Promise.resolve({ response: 1 })
  void ask.then(async ({ response }) => {
    if (response !== 1) return
    quitting = true
    await h.close().catch(() => undefined)
    app.quit()
  })
})

if (!app.requestSingleInstanceLock()) app.quit()
else {
  keepRunning()
  void app.whenReady().then(start)
  app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit())
}
