// Ferry's errors: a stable code, a plain-language message, a hint, and whether trying again can help.
import type { ErrorInfo } from '../shared/errors'

export interface FerryErrorOptions {
  hint?: string
  retryable?: boolean
  status?: number
  requestId?: string
  /** Server-provided wait before a retry, in ms. */
  retryAfterMs?: number
  /** The provider's own error code (`error.code`, S3's `<Code>`), for flows that act on it. */
  providerCode?: string
  cause?: unknown
}

export class FerryError extends Error {
  readonly code: string
  readonly hint: string
  readonly retryable: boolean
  readonly status?: number
  readonly requestId?: string
  readonly retryAfterMs?: number
  readonly providerCode?: string

  constructor(code: string, message: string, opts: FerryErrorOptions = {}) {
    super(message, { cause: opts.cause })
    this.name = 'FerryError'
    this.code = code
    this.hint = opts.hint ?? ''
    this.retryable = opts.retryable ?? false
    this.status = opts.status
    this.requestId = opts.requestId
    this.retryAfterMs = opts.retryAfterMs
    this.providerCode = opts.providerCode
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, hint: this.hint }
    if (this.requestId) info.requestId = this.requestId
    return info
  }
}

/** Any thrown value as a FerryError; unknown faults keep their text but never a stack. */
export function asFerryError(err: unknown): FerryError {
  if (err instanceof FerryError) return err
  const e = err as NodeJS.ErrnoException
  if (e?.name === 'AbortError') return new FerryError('aborted', 'The upload was stopped.', { hint: 'Run ferry resume to continue.' })
  switch (e?.code) {
    case 'ENOENT':
      return new FerryError('file_missing', `The file ${e.path ?? ''} no longer exists.`.replace('  ', ' '), {
        hint: 'Check that the file was not moved, renamed or deleted, then add it again.'
      })
    case 'EACCES':
    case 'EPERM':
      return new FerryError('file_unreadable', `Ferry is not allowed to read or write ${e.path ?? 'the file'}.`, {
        hint: 'Check the file permissions, or copy the file somewhere you own.'
      })
    case 'EISDIR':
      return new FerryError('not_a_file', `${e.path ?? 'That path'} is a folder, not a file.`, { hint: 'Choose the .jsonl file inside it.' })
    case 'ENOSPC':
      return new FerryError('disk_full', 'The disk is full, so the file could not be saved.', {
        hint: 'Free some space or choose another folder, then try again. Nothing half-written was kept.'
      })
  }
  return new FerryError('internal', `Something unexpected went wrong: ${e?.message ?? String(err)}`, {
    hint: 'Try again. If it keeps happening, report it with the text above.'
  })
}
