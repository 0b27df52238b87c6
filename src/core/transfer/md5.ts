// The whole file's MD5 for the Uploads API's `complete`, hashed in file order by a worker thread so the upload never waits on it.
import { Worker } from 'node:worker_threads'

// Inline so it needs no separate bundle entry; plain JS because workers do not run TypeScript.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, closeSync } = require('node:fs')
// One reused buffer and blocking reads (this is a worker): no garbage, so hashing a huge file adds almost no memory.
try {
  const hash = createHash('md5')
  const buf = Buffer.allocUnsafe(1 << 20)
  const fd = openSync(workerData.path, 'r')
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n))
  closeSync(fd)
  parentPort.postMessage({ md5: hash.digest('hex') })
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message) })
}
`

export interface Md5Job {
  /** The digest if it is ready now, else undefined (the upload does not wait for it). */
  ready(): string | undefined
  /** The digest once the whole file is read (undefined if it could not be). */
  done: Promise<string | undefined>
  stop(): void
}

export function hashInBackground(path: string): Md5Job {
  let md5: string | undefined
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path }, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } })
  worker.unref()
  const done = new Promise<string | undefined>((resolve) => {
    worker.on('message', (m: { md5?: string }) => {
      md5 = m.md5
      resolve(md5)
      void worker.terminate()
    })
    worker.on('error', () => resolve(undefined))
    worker.on('exit', () => resolve(md5))
  })
  return {
    ready: () => md5,
    done,
    stop: () => void worker.terminate()
  }
}
