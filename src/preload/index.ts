// The bridge: the renderer gets `window.ferry` with the API's named verbs, an event subscription and the dropped file's path —
// never ipcRenderer itself. Built as CommonJS: a sandboxed preload cannot be an ES module.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { FERRY_VERBS, type FerryBridge, type FerryEvent } from '../shared/api'
import { EVENT_CHANNEL, verbChannel } from '../main/channels'

const verbs = Object.fromEntries(FERRY_VERBS.map((verb) => [verb, (input?: unknown) => ipcRenderer.invoke(verbChannel(verb), input)]))

const bridge = {
  ...verbs,
  onEvent(listener: (event: FerryEvent) => void): () => void {
    const forward = (_e: IpcRendererEvent, event: FerryEvent): void => listener(event)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  },
  pathForFile(file: File): string | null {
    try {
      return webUtils.getPathForFile(file) || null
    } catch {
      return null
    }
  }
} as FerryBridge

contextBridge.exposeInMainWorld('ferry', Object.freeze(bridge))
