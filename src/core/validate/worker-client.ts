// Runs a validation in a worker thread so a UI never freezes: progress events, AbortSignal cancellation.
import { Worker } from 'node:worker_threads'
import { FerryError } from '../errors'
import type { ValidateOptions, ValidationReport } from '../../shared/validation'
import type { FromWorker, WorkerInput } from './worker-protocol'

export interface WorkerValidateOptions extends ValidateOptions {
  /** The bundled worker script; by default `validate-worker.mjs` next to the bundle that imports this module. */
  workerUrl?: URL | string
}

export function defaultWorkerUrl(): URL {
  return new URL('./validate-worker.mjs', import.meta.url)
}

export function validateInWorker(path: string, options: WorkerValidateOptions = {}): Promise<ValidationReport> {
  const { workerUrl, signal, onProgress, ...rest } = options
  if (signal?.aborted) return Promise.reject(cancelled())
  const input: WorkerInput = { path, options: rest }
    // A small young generation keeps the worker's peak memory lower at no measurable speed cost.
  const worker = new Worker(workerUrl ?? defaultWorkerUrl(), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } })
  return new Promise<ValidationReport>((resolve, reject) => {
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      fn()
      void worker.terminate()
    }
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel' })
      // The worker checks the signal between reads; if it does not answer soon, stop it anyway.
      setTimeout(() => finish(() => reject(cancelled())), 2000).unref()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'progress') onProgress?.(msg.bytesRead, msg.totalBytes)
      else if (msg.type === 'done') finish(() => resolve(msg.report))
      else finish(() => reject(new FerryError(msg.error.code, msg.error.message, { hint: msg.error.hint })))
    })
    worker.on('error', (err) => finish(() => reject(err)))
    worker.on('exit', (code) => finish(() => reject(new FerryError('internal', `The validation worker stopped (exit code ${code}).`, { hint: 'Try again.' }))))
  })
}

function cancelled(): FerryError {
  return new FerryError('validation_cancelled', 'The check was stopped.', { hint: 'Press Check again to start over.' })
}
