// The bridge: the renderer gets `window.ferry` with named verbs only, never ipcRenderer itself.
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('ferry', Object.freeze({ version: '0.1.0' }))
