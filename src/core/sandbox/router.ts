// Routes sandbox requests: request id, auth → account, dispatch by method + path, error envelopes, request log.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { accountIdForKey, extractKey } from './auth'
import type { Handler, SandboxState } from './context'
import { ApiError, internalError, invalidUrl, missingKey } from './errors'
import { createFile, deleteFile, fileContent, listFiles, retrieveFile } from './files'
import { drainRequest, sendJson } from './http'
import { isSafeId, newRequestId } from './ids'
import { ClientGoneError } from './multipart'
import type { SandboxAuth } from './types'
import { addPart, cancelUpload, completeUpload, createUpload } from './uploads'

interface Route {
  method: string
  /** Matched against the path below `/v1`; capture groups become `ctx.params`. */
  pattern: RegExp
  handler: Handler
}

const ID = '([^/]+)'

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/files$/, handler: createFile },
  { method: 'GET', pattern: /^\/files$/, handler: listFiles },
  { method: 'GET', pattern: new RegExp(`^/files/${ID}$`), handler: retrieveFile },
  { method: 'DELETE', pattern: new RegExp(`^/files/${ID}$`), handler: deleteFile },
  { method: 'GET', pattern: new RegExp(`^/files/${ID}/content$`), handler: fileContent },
  { method: 'POST', pattern: /^\/uploads$/, handler: createUpload },
  { method: 'POST', pattern: new RegExp(`^/uploads/${ID}/parts$`), handler: addPart },
  { method: 'POST', pattern: new RegExp(`^/uploads/${ID}/complete$`), handler: completeUpload },
  { method: 'POST', pattern: new RegExp(`^/uploads/${ID}/cancel$`), handler: cancelUpload }
]

export const API_PREFIX = '/v1'

/** A malformed escape stays as sent; it then fails the id check and reads as "not found". */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function match(method: string, path: string): { handler: Handler; params: string[] } | null {
  if (!path.startsWith(`${API_PREFIX}/`)) return null
  const rest = path.slice(API_PREFIX.length)
  for (const route of ROUTES) {
    if (route.method !== method) continue
    const m = route.pattern.exec(rest)
    if (m) return { handler: route.handler, params: m.slice(1).map(safeDecode) }
  }
  return null
}

/** Ids are file names on disk; a malformed one cannot exist, so it is simply "not found". */
function unknownIdError(path: string, id: string): ApiError {
  return new ApiError(404, path.includes('/uploads/') ? `No such Upload object: ${id}` : `No such File object: ${id}`, 'id')
}

export function createRequestListener(state: SandboxState, auth: SandboxAuth) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://sandbox.local')
    const path = url.pathname
    res.setHeader('x-request-id', newRequestId())
    res.on('finish', () => state.stats.requests.push({ method, path, status: res.statusCode }))
    void handle(state, auth, req, res, method, url).catch(() => res.destroy())
  }
}

async function handle(
  state: SandboxState,
  auth: SandboxAuth,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  url: URL
): Promise<void> {
  try {
    const key = extractKey(req, auth)
    if (key === null) throw missingKey()
    const route = match(method, url.pathname)
    if (!route) throw invalidUrl(method, url.pathname)
    const badId = route.params.find((p) => !isSafeId(p))
    if (badId !== undefined) throw unknownIdError(url.pathname, badId)
    const account = state.store.account(accountIdForKey(key))
    const body = await route.handler({ state, req, res, account, query: url.searchParams, params: route.params })
    if (!res.headersSent) sendJson(res, 200, body)
  } catch (err) {
    if (err instanceof ClientGoneError || res.headersSent || res.destroyed) {
      if (!res.writableEnded) res.destroy()
      return
    }
    const apiError = err instanceof ApiError ? err : internalError()
    // Answer only once the body is read: a client still sending would otherwise see a reset, not the error.
    await drainRequest(req)
    if (req.destroyed && !req.complete) return
    sendJson(res, apiError.status, apiError.toBody())
  }
}
