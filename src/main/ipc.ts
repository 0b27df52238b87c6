// Binds the handlers to Electron IPC: one channel per verb, payloads checked by their schema, callers checked by the URL of
// the frame that sent them, errors returned as Result values, events pushed to the windows (progress coalesced).
import { isLoopbackHost } from '../shared/base-url'
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { FERRY_VERBS, type Result } from '../shared/api'
import { EVENT_CHANNEL, verbChannel } from './channels'
import { EventThrottle } from '../host/events'
import type { FerryHandlers } from '../host/handlers'
import { dispatch } from '../host/schemas'

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  handlers: FerryHandlers
  /** True for the app's own pages only (its file:// page, or the dev server in development). */
  isTrustedUrl: (url: string) => boolean
  /** Where events go: the app's windows. */
  targets: () => WebContents[]
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden_sender', message: 'This page is not allowed to use Ferry.', hint: 'Only Ferry’s own window can.' }
}

export function bindIpc(opts: IpcOptions): { dispose(): void } {
  for (const verb of FERRY_VERBS) {
    opts.ipcMain.handle(verbChannel(verb), async (event: IpcMainInvokeEvent, payload: unknown) => {
      const url = event.senderFrame?.url
      if (!url || !opts.isTrustedUrl(url)) return FORBIDDEN
      return dispatch(opts.handlers, verb, payload)
    })
  }
  const throttle = new EventThrottle((event) => {
    for (const wc of opts.targets()) if (!wc.isDestroyed() && opts.isTrustedUrl(wc.getURL())) wc.send(EVENT_CHANNEL, event)
  })
  const off = opts.handlers.onEvent((e) => throttle.push(e))
  return {
    dispose() {
      off()
      throttle.close()
      for (const verb of FERRY_VERBS) opts.ipcMain.removeHandler(verbChannel(verb))
    }
  }
}

/**
 * The dev server to load instead of the built page: electron-vite's ELECTRON_RENDERER_URL, honoured only in development (never
 * in a packaged app, whatever its environment says) and only on this computer.
 */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.ELECTRON_RENDERER_URL
  if (isPackaged !== false || !raw || !URL.canParse(raw)) return undefined
  const url = new URL(raw)
  return /^https?:$/.test(url.protocol) && isLoopbackHost(url.hostname) ? url.href : undefined
}

/** The app's own pages: the built renderer's index.html (any hash), or the dev server's origin (development only). */
export function trustedRendererUrl(rendererIndexUrl: string, devServerUrl?: string): (url: string) => boolean {
  const page = new URL(rendererIndexUrl)
  const dev = devServerUrl ? new URL(devServerUrl).origin : null
  return (raw) => {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return false
    }
    if (dev && url.origin === dev) return true
    return url.protocol === 'file:' && page.protocol === 'file:' && url.pathname === page.pathname
  }
}
