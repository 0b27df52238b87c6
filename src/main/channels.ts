// The IPC channel names, shared by the main process and the preload: one per API verb under the app's prefix, one for events.
import type { FerryVerb } from '../shared/api'

export const EVENT_CHANNEL = 'ferry:event'
export const verbChannel = (verb: FerryVerb): string => `ferry:${verb}`
