// Who may talk to the browser host: only this machine's browser, on this port, with this run's secret. Every request's Host
// must name 127.0.0.1 or localhost on our port (DNS rebinding), a present Origin must be ours (cross-site pages), and API
// calls and the event stream must carry the token printed at start.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export interface Guard {
  /** Host and Origin: for every request, pages included. */
  sameOrigin(req: IncomingMessage): boolean
  /** The run's token: `x-ferry-token` header, or `token` in the query for EventSource (which cannot set headers). */
  authorized(req: IncomingMessage, url: URL): boolean
}

export function createGuard(port: () => number, token: string): Guard {
  const expected = Buffer.from(token)
  const hosts = (): string[] => [`127.0.0.1:${port()}`, `localhost:${port()}`]
  return {
    sameOrigin(req) {
      const host = req.headers.host?.toLowerCase()
      if (!host || !hosts().includes(host)) return false
      const origin = req.headers.origin
      if (origin !== undefined && !hosts().some((h) => origin.toLowerCase() === `http://${h}`)) return false
      // Browsers mark requests from other sites; refuse them even when they carry no Origin (a plain GET of the event stream).
      return req.headers['sec-fetch-site'] !== 'cross-site'
    },
    authorized(req, url) {
      const given = header(req, 'x-ferry-token') ?? url.searchParams.get('token') ?? ''
      const got = Buffer.from(given)
      return got.length === expected.length && timingSafeEqual(got, expected)
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}
