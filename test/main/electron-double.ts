// A fake of the Electron API the main process uses (src/main/index.ts), since the binary cannot run here: windows and their
// web contents, the session's CSP and permission handlers, IPC, notifications, the tray, the OS dialogs, the shell, safeStorage
// and the power blocker, each recording what the app did with it. Made inside `vi.hoisted`, so `vi.mock('electron')` can use it.
import { vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown

export function makeElectron(opts: { isPackaged?: boolean } = {}) {
  const on = (map: Map<string, Listener[]>) => (event: string, fn: Listener) => {
    map.set(event, [...(map.get(event) ?? []), fn])
  }
  const emit = (map: Map<string, Listener[]>, event: string, ...args: unknown[]) => (map.get(event) ?? []).map((fn) => fn(...args))

  const appEvents = new Map<string, Listener[]>()
  const app = {
    lock: true,
    isPackaged: opts.isPackaged ?? true,
    quit: vi.fn(),
    on: on(appEvents),
    emit: (event: string, ...args: unknown[]) => emit(appEvents, event, ...args),
    requestSingleInstanceLock: () => app.lock,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => `/home/me/${name === 'downloads' ? 'Downloads' : name}`
  }

  class FakeWebContents {
    events = new Map<string, Listener[]>()
    openHandler: ((d: { url: string }) => { action: string }) | undefined
    url = ''
    on = on(this.events)
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      this.openHandler = fn
    }
    isDestroyed = () => false
    getURL = () => this.url
    send = vi.fn()
  }

  class BrowserWindow {
    static all: BrowserWindow[] = []
    static focused: BrowserWindow | null = null
    static getAllWindows = () => BrowserWindow.all
    static getFocusedWindow = () => BrowserWindow.focused
    events = new Map<string, Listener[]>()
    webContents = new FakeWebContents()
    visible = false
    destroyed = false
    progress: number[] = []
    constructor(readonly options: { webPreferences: Record<string, unknown>; icon?: string }) {
      BrowserWindow.all.push(this)
    }
    on = on(this.events)
    once = on(this.events)
    loadFile = vi.fn(async (file: string) => {
      this.webContents.url = `file://${file}`
    })
    loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url
    })
    show = () => void (this.visible = true)
    hide = () => void (this.visible = false)
    focus = () => undefined
    restore = () => undefined
    isMinimized = () => false
    isDestroyed = () => this.destroyed
    setProgressBar = (p: number) => void this.progress.push(p)
    /** What the close button does: listeners may prevent it. */
    close(): boolean {
      let prevented = false
      emit(this.events, 'close', { preventDefault: () => (prevented = true) })
      if (!prevented) this.destroyed = true
      return !prevented
    }
  }

  const headers: { fn?: (details: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void } = {}
  const permissions: { fn?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void; check?: (wc: unknown, permission: string) => boolean } = {}
  const session = {
    defaultSession: {
      webRequest: { onHeadersReceived: (fn: typeof headers.fn) => void (headers.fn = fn) },
      setPermissionRequestHandler: (fn: typeof permissions.fn) => void (permissions.fn = fn),
      setPermissionCheckHandler: (fn: typeof permissions.check) => void (permissions.check = fn)
    }
  }

  const channels = new Map<string, (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>>()
  const ipcMain = {
    handle: (channel: string, fn: (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>) => void channels.set(channel, fn),
    removeHandler: (channel: string) => void channels.delete(channel)
  }

  const notifications: { title: string; body: string }[] = []
  class Notification {
    static isSupported = () => true
    constructor(private readonly o: { title: string; body: string }) {}
    show() {
      notifications.push(this.o)
    }
  }

  const trays: Tray[] = []
  class Tray {
    tooltip = ''
    menu: { label?: string; type?: string; enabled?: boolean; click?: () => void }[] = []
    events = new Map<string, Listener[]>()
    constructor(readonly image: { path: string }) {
      trays.push(this)
    }
    on = on(this.events)
    setToolTip = (t: string) => void (this.tooltip = t)
    setContextMenu = (m: Tray['menu']) => void (this.menu = m)
  }

  const dialog = {
    showMessageBox: vi.fn(async (_o: unknown) => ({ response: 1 })),
    showOpenDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: false, filePaths: ['/home/me/a.jsonl'] })),
    showSaveDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: false, filePath: '/home/me/Downloads/x.jsonl' }))
  }
  const shell = { openExternal: vi.fn(async () => undefined), showItemInFolder: vi.fn() }
  const safeStorage = {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().slice(7), 'base64').toString(),
    getSelectedStorageBackend: () => 'gnome_libsecret'
  }
  const blockers: number[] = []
  const powerSaveBlocker = { start: () => (blockers.push(1), blockers.length), stop: () => void blockers.pop() }

  return {
    module: {
      app,
      BrowserWindow,
      session,
      ipcMain,
      Notification,
      Tray,
      Menu: { buildFromTemplate: (t: unknown) => t },
      nativeImage: { createFromPath: (path: string) => ({ path }) },
      net: { isOnline: () => true },
      dialog,
      shell,
      safeStorage,
      powerSaveBlocker
    },
    app,
    BrowserWindow,
    headers,
    permissions,
    channels,
    notifications,
    trays,
    dialog,
    shell
  }
}
