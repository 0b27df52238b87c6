// The default content check for the queue: the validator in a worker thread when its bundled worker script is beside this
// bundle (the built app, the web host and the CLI), else in this thread (tests running from source).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defaultWorkerUrl, validateFile, validateInWorker } from '../validate'
import type { ContentCheck } from './checks'

export function defaultContentCheck(workerUrl: URL = defaultWorkerUrl()): ContentCheck {
  const inWorker = workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl))
  return (path, options) => (inWorker ? validateInWorker(path, { ...options, workerUrl }) : validateFile(path, options))
}
