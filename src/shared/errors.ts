// The plain, serialisable shape of a Ferry error as it crosses a boundary (CLI JSON, IPC, HTTP).
export interface ErrorInfo {
  /** Stable code, e.g. `auth_failed`; scripts and the UI switch on it. */
  code: string
  /** What went wrong, in plain words for a non-programmer. */
  message: string
  /** What to do about it. */
  hint: string
  /** The provider's request id, for support, when there was one. */
  requestId?: string
  /** Values the UI needs to say this again in the user's language (a path, a count), for codes it words itself. */
  params?: Record<string, string | number>
}
