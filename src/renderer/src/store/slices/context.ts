// What every slice is built from: the bridge, the one store's set and get, the clock, and how to tell the person something.
import type { FerryBridge } from '../../../../shared/api'
import type { ErrorInfo } from '../../../../shared/errors'
import type { Translator } from '../../../../shared/locale'
import type { Clock } from '../clock'
import type { Toast } from '../state'
import type { FerryStore } from '../store'

export interface SliceBase {
  bridge: FerryBridge
  set: FerryStore['setState']
  get: FerryStore['getState']
  clock: Clock
}

/** Telling the person: toasts (the notices slice) in the chosen language. */
export interface Tell {
  toast(text: string, tone?: Toast['tone']): void
  /** A refused call, said in an error toast. */
  fail(error: ErrorInfo): void
  tr(): Translator
}

export type SliceContext = SliceBase & Tell
