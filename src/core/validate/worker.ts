// The validator's worker thread: validates the files it is sent, one at a time, posting progress; stops one on "cancel".
import { parentPort } from 'node:worker_threads'
import { asFerryError } from '../errors'
import { validateFile } from './validate'
import type { FromWorker, ToWorker } from './worker-protocol'

const port = parentPort
if (port) {
  const running = new Map<number, AbortController>()
  const post = (msg: FromWorker): void => port.postMessage(msg)
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'cancel') return running.get(msg.id)?.abort()
    const { id, path, options } = msg
    const controller = new AbortController()
    running.set(id, controller)
    let last = 0
    validateFile(path, {
      ...options,
      signal: controller.signal,
      onProgress: (bytesRead, totalBytes) => {
        // At most ~10 progress messages a second.
        const now = Date.now()
        if (now - last < 100 && bytesRead < totalBytes) return
        last = now
        post({ type: 'progress', id, bytesRead, totalBytes })
      }
    })
      .then(
        (report) => post({ type: 'done', id, report }),
        (err: unknown) => post({ type: 'error', id, error: asFerryError(err).toInfo() })
      )
      .finally(() => running.delete(id))
  })
}
