// The renderer's one door to Ferry: `window.ferry` when the Electron preload provided it, else the same API over HTTP + SSE to
// the browser host (src/web), authorised by the token in the page's address (?token=…).
import { FERRY_VERBS, type FerryApi, type FerryBridge, type FerryEvent, type Result } from '../../shared/api'

declare global {
  interface Window {
    ferry?: FerryBridge
  }
}

let bridge: FerryBridge | undefined

export function getBridge(): FerryBridge {
  bridge ??= window.ferry ?? webBridge()
  return bridge
}

const TOKEN_KEY = 'ferry.token'

/** The token from the address, kept for this tab so a reload or a hash route change does not lose it. */
function token(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl)
    } catch {
      // storage may be disabled; the address still has it
    }
    return fromUrl
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? ''
  } catch {
    return ''
  }
}

function unreachable(message: string): Result<never> {
  return { ok: false, error: { code: 'host_unreachable', message, hint: 'Check that `npm run web` is still running, then reload the page.' } }
}

function webBridge(): FerryBridge {
  const secret = token()
  const listeners = new Set<(event: FerryEvent) => void>()
  let source: EventSource | undefined

  const call = async (verb: string, input: unknown): Promise<Result<unknown>> => {
    let res: Response
    try {
      res = await fetch(`/api/${verb}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ferry-token': secret },
        body: JSON.stringify(input ?? {})
      })
    } catch {
      return unreachable('Ferry is not answering.')
    }
    if (res.status === 403) return unreachable('This page is not allowed to talk to Ferry (its address lacks the right token).')
    if (!res.ok) return unreachable(`Ferry could not answer (${res.status}).`)
    return (await res.json()) as Result<unknown>
  }

  const api = Object.fromEntries(FERRY_VERBS.map((verb) => [verb, (input?: unknown) => call(verb, input)])) as unknown as FerryApi

  return {
    ...api,
    onEvent(listener) {
      listeners.add(listener)
      if (!source) {
        source = new EventSource(`/api/events?token=${encodeURIComponent(secret)}`)
        source.onmessage = (msg: MessageEvent<string>) => {
          let event: FerryEvent
          try {
            event = JSON.parse(msg.data) as FerryEvent
          } catch {
            return
          }
          for (const fn of listeners) fn(event)
        }
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          source?.close()
          source = undefined
        }
      }
    },
    // A browser never reveals where a dropped file lives: the path field is the way in the browser host.
    pathForFile: () => null
  }
}
