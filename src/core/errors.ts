// Ferry's errors: a stable code, a plain-language message, a hint, and whether trying again can help.
import { dirname } from 'node:path'
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
  /** Values a UI needs to word this itself (ErrorInfo.params), e.g. the path a download found taken. */
  params?: Record<string, string | number>
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
  readonly params?: Record<string, string | number>

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
    this.params = opts.params
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, hint: this.hint }
    if (this.requestId) info.requestId = this.requestId
    if (this.params) info.params = this.params
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
    case 'EROFS':
      return new FerryError('read_only', `${e.path ?? 'That place'} is on a read-only disk.`, { hint: 'Choose another folder.' })
    case 'EMFILE':
    case 'ENFILE':
      return new FerryError('too_many_open_files', 'Too many files are open on this computer right now.', {
        hint: 'Close some programs or windows, then try again.'
      })
  }
  return new FerryError('internal', `Something unexpected went wrong: ${e?.message ?? String(err)}`, {
    hint: 'Try again. If it keeps happening, report it with the text above.'
  })
}

/** A failure saving a download to `dest`, said about that file and its folder, never about Ferry's temp file beside it. */
export function asSaveError(err: unknown, dest: string): FerryError {
  const dir = dirname(dest)
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'EISDIR':
      return new FerryError('is_folder', `${dest} is a folder — choose a file name.`, { hint: 'Choose a file name inside it.' })
    case 'ENOENT':
    case 'ENOTDIR':
      return new FerryError('folder_missing', `The folder ${dir} does not exist.`, { hint: 'Create it, or choose another folder.' })
    case 'EACCES':
    case 'EPERM':
      return new FerryError('folder_not_writable', `Ferry is not allowed to save in ${dir}.`, { hint: 'Choose a folder you own, or change its permissions.' })
    case 'EROFS':
      return new FerryError('read_only', `${dir} is on a read-only disk.`, { hint: 'Choose another folder.' })
  }
  return asFerryError(err)
}
