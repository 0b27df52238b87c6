// Messages between validateInWorker and the worker thread.
import type { ErrorInfo } from '../../shared/errors'
import type { ValidateOptions, ValidationReport } from '../../shared/validation'

/** The options that cross the thread boundary (no functions, no signal). */
export type WorkerOptions = Omit<ValidateOptions, 'signal' | 'onProgress'>

export interface WorkerInput {
  path: string
  options: WorkerOptions
}

export type ToWorker = { type: 'cancel' }

export type FromWorker =
  | { type: 'progress'; bytesRead: number; totalBytes: number }
  | { type: 'done'; report: ValidationReport }
  | { type: 'error'; error: ErrorInfo }
