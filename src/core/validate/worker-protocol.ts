// Messages between the validator pool (worker-client.ts) and its worker threads; `id` names one file's check.
import type { ErrorInfo } from '../../shared/errors'
import type { ValidateOptions, ValidationReport } from '../../shared/validation'

/** The options that cross the thread boundary (no functions, no signal). */
export type WorkerOptions = Omit<ValidateOptions, 'signal' | 'onProgress'>

export type ToWorker = { type: 'validate'; id: number; path: string; options: WorkerOptions } | { type: 'cancel'; id: number }

export type FromWorker =
  | { type: 'progress'; id: number; bytesRead: number; totalBytes: number }
  | { type: 'done'; id: number; report: ValidationReport }
  | { type: 'error'; id: number; error: ErrorInfo }
