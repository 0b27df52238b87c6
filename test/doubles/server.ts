// Shared plumbing for the test doubles: start/stop an HTTP server on 127.0.0.1 and drain unread request bodies.
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RunningServer {
  server: Server
  port: number
  origin: string
  close(): Promise<void>
}

export async function listen(handler: RequestListener): Promise<RunningServer> {
  const server = createServer(handler)
  // Doubles stand in for services that take big bodies over slow links: no whole-request deadline.
  server.requestTimeout = 0
  server.timeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  let closing: Promise<void> | null = null
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    }
  }
}

/** Reads and discards the rest of a request body; resolves when it ended or the client went away. */
export function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    req.once('end', () => resolve())
    req.once('close', () => resolve())
    req.once('error', () => resolve())
    req.resume()
  })
}

/** The first value of a header that may repeat. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
