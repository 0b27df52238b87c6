// Turns an HTTP failure into a FerryError a person can act on, keeping the provider's words and request id.
import { FerryError } from '../errors'
import { capitalize } from '../../shared/sentence'
import { isRetryableStatus, serverRetryAfterMs } from './retry-policy'

type Headers = Record<string, string | string[] | undefined>

export interface ProviderFault {
  message: string
  code: string | null
}

/** The provider's own message from an OpenAI envelope, a FastAPI `detail`, or S3 XML. */
export function parseProviderFault(body: string): ProviderFault {
  const text = body.trim()
  if (text.startsWith('<')) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? null
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? code ?? ''
    return { message, code }
  }
  try {
    const json = JSON.parse(text) as { error?: unknown; detail?: unknown; message?: unknown }
    const e = json.error
    if (e && typeof e === 'object') {
      const { message, code } = e as { message?: unknown; code?: unknown }
      return { message: typeof message === 'string' ? message : '', code: typeof code === 'string' ? code : null }
    }
    if (typeof e === 'string') return { message: e, code: null }
    if (typeof json.detail === 'string') return { message: json.detail, code: null }
    if (Array.isArray(json.detail)) {
      const parts = json.detail.map((d: { msg?: string; loc?: unknown[] }) => [d.loc?.join('.'), d.msg].filter(Boolean).join(': '))
      return { message: parts.join('; '), code: null }
    }
    if (typeof json.message === 'string') return { message: json.message, code: null }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { message: text.slice(0, 300), code: null }
}

export function httpError(status: number, headers: Headers, body: string, providerName: string, secrets: string[] = []): FerryError {
  const fault = parseProviderFault(body)
  const said = redact(fault.message, secrets)
  const requestId = firstHeader(headers['x-request-id']) ?? firstHeader(headers['x-amz-request-id'])
  const retryable = isRetryableStatus(status, headers, fault.code)
  const base = { status, requestId, retryable, retryAfterMs: retryable ? serverRetryAfterMs(headers) : undefined, providerCode: fault.code ?? undefined }
  // The name starts these sentences: "The Ferry sandbox could not find it (404). The Ferry sandbox said: …".
  const name = capitalize(providerName)
  const quoted = said ? ` ${name} said: "${said}"` : ''

  if (status === 401)
    return new FerryError('auth_failed', `${name} did not accept the API key (401).${quoted}`, {
      ...base,
      hint: 'Copy the key again from your provider’s dashboard and update the account. Check that it belongs to this account or project.'
    })
  if (status === 429 && fault.code === 'insufficient_quota')
    return new FerryError('quota_exceeded', `Your ${providerName} account has run out of credit or reached its budget.${quoted}`, {
      ...base,
      hint: 'Add credit or raise the limit in the provider’s billing settings, then retry. Retrying before that will not help.'
    })
  if (status === 429)
    return new FerryError('rate_limited', `${name} asked Ferry to slow down (too many requests).`, {
      ...base,
      hint: 'Ferry waits and tries again by itself.'
    })
  if (status === 403)
    return new FerryError('forbidden', `${name} refused access (403).${quoted}`, {
      ...base,
      hint: 'Check that the key is allowed to use files in this project, and that the service is available in your region.'
    })
  if (status === 404)
    return new FerryError('not_found', `${name} could not find it (404).${quoted}`, {
      ...base,
      hint: 'It may have been deleted or have expired. Check the ID, or the base URL of the account.'
    })
  if (status === 413)
    return new FerryError('too_large', `${name} says the file is too large.${quoted}`, { ...base, hint: 'Split the file into smaller files.' })
  if (status >= 500 || retryable)
    return new FerryError('server_error', `${name} had a temporary problem (${status}).${quoted}`, {
      ...base,
      hint: 'Ferry tries again by itself; nothing already sent is lost.'
    })
  return new FerryError('rejected', `${name} rejected the request (${status}).${quoted}`, {
    ...base,
    hint: 'Read the provider’s message above; the file, its purpose or the account settings may need a change.'
  })
}

export function networkError(err: unknown, providerName: string): FerryError {
  const code = (err as { code?: string })?.code ?? ''
  const timedOut = code === 'ETIMEDOUT' || (err as Error)?.name === 'TimeoutError'
  return new FerryError(
    timedOut ? 'timeout' : 'network',
    timedOut ? `${capitalize(providerName)} did not answer in time.` : `Could not reach ${providerName} (${code || 'connection failed'}).`,
    { retryable: true, hint: 'Check your internet connection. Ferry keeps trying and continues where it stopped.', cause: err }
  )
}

export function redact(text: string, secrets: string[]): string {
  let out = text
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***')
  return out.replace(/\b(sk-[A-Za-z0-9_-]{6})[A-Za-z0-9_-]+/g, '$1***')
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
