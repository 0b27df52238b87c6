// The validator's worker thread: runs validateFile off the UI/CLI thread, posts progress, stops on "cancel".
import { parentPort, workerData } from 'node:worker_threads'
import { asFerryError } from '../errors'
import { validateFile } from './validate'
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol'

const port = parentPort
if (port) {
  const { path, options } = workerData as WorkerInput
  const controller = new AbortController()
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'cancel') controller.abort()
  })
  let last = 0
  const post = (msg: FromWorker): void => port.postMessage(msg)
  validateFile(path, {
    ...options,
    signal: controller.signal,
    onProgress: (bytesRead, totalBytes) => {
      // At most ~10 progress messages a second.
      const now = Date.now()
      if (now - last < 100 && bytesRead < totalBytes) return
      last = now
      post({ type: 'progress', bytesRead, totalBytes })
    }
  }).then(
    (report) => post({ type: 'done', report }),
    (err: unknown) => post({ type: 'error', error: asFerryError(err).toInfo() })
  )
}
