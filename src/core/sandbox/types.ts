// Public option/stat types of the local sandbox and the shapes it stores and returns (OpenAI File / Upload objects).

export interface SandboxLimits {
  /** Largest body of a single `POST /files` file field (OpenAI: 512 MB). */
  maxFileBytes: number
  /** Largest `bytes` an Upload may declare (OpenAI: 8 GB). */
  maxUploadBytes: number
  /** Largest single Upload Part (OpenAI: 64 MB). */
  maxPartBytes: number
  /** How long an Upload accepts parts after creation (OpenAI: one hour). */
  uploadTtlSeconds: number
  /** Largest `limit` accepted by `GET /files` (OpenAI: 10,000). */
  maxListLimit: number
}

export type SandboxAuth = 'bearer' | 'api-key' | 'any'

export interface SandboxOptions {
  /** Directory holding all state (metadata JSON + file bytes); a restart on the same dir sees the same data. */
  dir: string
  /** 0 (default) = any free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  limits?: Partial<SandboxLimits>
  /**
   * Which key headers count: 'bearer' = `Authorization: Bearer <k>` (OpenAI), 'api-key' = `Authorization: Api-Key <k>`
   * (Yandex) or `api-key: <k>` (Azure legacy), 'any' (default) = all of them.
   */
  auth?: SandboxAuth
  /** Reject `POST /files` without `expires_after` (Yandex documents it as required). */
  requireExpiresAfter?: boolean
  /**
   * Lists lag behind writes, as the real services' may: a new File is missing from this many `GET /files` answers (default 0).
   * Tests use it to prove that a lost reply never costs a duplicate.
   */
  listLag?: number
  /** Millisecond clock; tests inject one to expire uploads and files. */
  now?: () => number
}

export interface SandboxRequestLog {
  method: string
  path: string
  status: number
}

export interface SandboxStats {
  /** One entry per answered request, in order of completion. */
  requests: SandboxRequestLog[]
  /** Bytes of accepted Upload Parts. */
  partBytes: number
  /** Accepted Upload Parts. */
  partsCreated: number
  /** Files created, by `POST /files` or by completing an Upload. */
  filesCreated: number
  uploadsCreated: number
}

export interface Sandbox {
  /** API base, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string
  port: number
  close(): Promise<void>
  /** Live counters, for tests that assert what was (not) re-sent. */
  stats: SandboxStats
}

export const FILE_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const
export type FilePurpose = (typeof FILE_PURPOSES)[number]

/** The OpenAI File object, exactly as returned. */
export interface FileObject {
  id: string
  object: 'file'
  bytes: number
  created_at: number
  expires_at: number | null
  filename: string
  purpose: string
  status: 'processed'
  status_details: null
}

export type UploadStatus = 'pending' | 'completed' | 'cancelled' | 'expired'

/** The OpenAI Upload object, exactly as returned. */
export interface UploadObject {
  id: string
  object: 'upload'
  bytes: number
  created_at: number
  expires_at: number
  filename: string
  purpose: string
  status: UploadStatus
  file: FileObject | null
}

/** What the sandbox keeps about an Upload: the object plus what creating its File later needs. */
export interface UploadRecord {
  upload: UploadObject
  mimeType: string
  /** Seconds from `expires_after`, applied to the resulting File; null = purpose default. */
  fileExpiresAfterSeconds: number | null
}

export interface UploadPartObject {
  id: string
  object: 'upload.part'
  created_at: number
  upload_id: string
}
