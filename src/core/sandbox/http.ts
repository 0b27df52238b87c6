// Small HTTP helpers for the sandbox: JSON replies, bounded JSON bodies, and draining unread request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { invalidJson } from './errors'

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text)
  })
  res.end(text)
}

/**
 * Reads and discards whatever is left of the request body. Errors are sent only after the body has been read, as
 * a buffering front proxy would do, so that every client sees the reply instead of a reset mid-upload.
 */
export function drainRequest(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      req.off('end', done)
      req.off('close', done)
      req.off('error', done)
      resolve()
    }
    req.on('end', done)
    req.on('close', done)
    req.on('error', done)
    req.resume()
  })
}

/** Parses a JSON request body of at most `maxBytes` (a list of part ids is the largest legitimate one). */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  let tooBig = false
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) tooBig = true
    if (!tooBig) chunks.push(chunk)
  }
  if (tooBig) throw invalidJson()
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw invalidJson()
  }
}

