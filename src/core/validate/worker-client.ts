// Runs validations in worker threads so a UI never freezes: progress events, AbortSignal cancellation. The threads are
// kept and reused, a few at most, so many small files do not each pay a thread start and the tokenizer's load.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { FerryError } from '../errors'
import type { ValidateOptions, ValidationReport } from '../../shared/validation'
import type { FromWorker, ToWorker, WorkerOptions } from './worker-protocol'

export interface WorkerValidateOptions extends ValidateOptions {
  /** The bundled worker script; by default `validate-worker.mjs` next to the bundle that imports this module. */
  workerUrl?: URL | string
}

/** An idle worker waits this long for the next file, then ends (and gives its memory back). */
const IDLE_MS = 5_000
/** A cancelled check that has not stopped by then has its worker ended. */
const CANCEL_GRACE_MS = 2_000

interface Task {
  id: number
  path: string
  options: WorkerOptions
  onProgress?: (bytesRead: number, totalBytes: number) => void
  settle: (err: unknown, report?: ValidationReport) => void
}

interface Slot {
  worker: Worker
  task: Task | null
  idle?: NodeJS.Timeout
}

export function defaultWorkerUrl(): URL {
  return new URL('./validate-worker.mjs', import.meta.url)
}

/** Worker threads that validate one file at a time each; files beyond `size` wait their turn. */
export class ValidatorPool {
  private readonly slots: Slot[] = []
  private readonly waiting: Task[] = []
  private nextId = 1
  /** Worker threads started so far (many files, few threads). */
  started = 0

  constructor(
    private readonly url: URL | string,
    readonly size = Math.min(2, availableParallelism())
  ) {}

  validate(path: string, options: ValidateOptions = {}): Promise<ValidationReport> {
    const { signal, onProgress, ...rest } = options
    if (signal?.aborted) return Promise.reject(cancelled())
    return new Promise<ValidationReport>((resolve, reject) => {
      let grace: NodeJS.Timeout | undefined
      let settled = false
      const onAbort = (): void => {
        const slot = this.slots.find((s) => s.task === task)
        if (!slot) return task.settle(cancelled())
        this.post(slot, { type: 'cancel', id: task.id })
        // The worker checks the signal between reads; if it does not answer soon, end it.
        grace = setTimeout(() => this.drop(slot, cancelled()), CANCEL_GRACE_MS).unref()
      }
      const task: Task = {
        id: this.nextId++,
        path,
        options: rest,
        onProgress,
        settle: (err, report) => {
          if (settled) return
          settled = true
          this.release(task)
          clearTimeout(grace)
          signal?.removeEventListener('abort', onAbort)
          if (report) resolve(report)
          else reject(err)
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(task)
      this.pump()
    })
  }

  /** Takes a settled task off the waiting list, or off its worker, which then waits for the next one. */
  private release(task: Task): void {
    const i = this.waiting.indexOf(task)
    if (i >= 0) this.waiting.splice(i, 1)
    const slot = this.slots.find((s) => s.task === task)
    if (!slot) return
    slot.task = null
    slot.worker.unref()
    slot.idle = setTimeout(() => void slot.worker.terminate(), IDLE_MS).unref()
    queueMicrotask(() => this.pump())
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.find((s) => s.task === null) ?? (this.slots.length < this.size ? this.spawn() : null)
      if (!slot) return
      const task = this.waiting.shift() as Task
      clearTimeout(slot.idle)
      slot.task = task
      // A busy worker keeps the process alive; an idle one never does.
      slot.worker.ref()
      this.post(slot, { type: 'validate', id: task.id, path: task.path, options: task.options })
    }
  }

  private spawn(): Slot {
    // A small young generation keeps the worker's peak memory lower at no measurable speed cost.
    const worker = new Worker(this.url, { resourceLimits: { maxYoungGenerationSizeMb: 8 } })
    this.started++
    const slot: Slot = { worker, task: null }
    this.slots.push(slot)
    worker.on('message', (msg: FromWorker) => {
      const task = slot.task
      if (!task || msg.id !== task.id) return
      if (msg.type === 'progress') task.onProgress?.(msg.bytesRead, msg.totalBytes)
      else if (msg.type === 'done') task.settle(null, msg.report)
      else task.settle(new FerryError(msg.error.code, msg.error.message, { hint: msg.error.hint }))
    })
    worker.on('error', (err) => this.drop(slot, err))
    worker.on('exit', (code) => this.drop(slot, new FerryError('internal', `The validation worker stopped (exit code ${code}).`, { hint: 'Try again.' })))
    return slot
  }

  /** A worker that ended: its file (if any) fails with `err`, and the next files get a new worker. */
  private drop(slot: Slot, err: unknown): void {
    const i = this.slots.indexOf(slot)
    if (i < 0) return
    this.slots.splice(i, 1)
    clearTimeout(slot.idle)
    void slot.worker.terminate()
    slot.task?.settle(err)
    this.pump()
  }

  private post(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg)
  }
}

const pools = new Map<string, ValidatorPool>()

/** The pool of this process for a worker script. */
export function validatorPool(workerUrl: URL | string = defaultWorkerUrl()): ValidatorPool {
  const key = String(workerUrl)
  let pool = pools.get(key)
  if (!pool) pools.set(key, (pool = new ValidatorPool(workerUrl)))
  return pool
}

export function validateInWorker(path: string, options: WorkerValidateOptions = {}): Promise<ValidationReport> {
  const { workerUrl, ...rest } = options
  return validatorPool(workerUrl).validate(path, rest)
}

function cancelled(): FerryError {
  return new FerryError('validation_cancelled', 'The check was stopped.', { hint: 'Press Check again to start over.' })
}
