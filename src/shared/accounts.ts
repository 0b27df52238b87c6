// What an account is, wherever it appears (engine, CLI, IPC, UI): its provider and how it is reached — never its key.

export const PROVIDER_IDS = ['openai', 'netmind', 'yandex', 'azure', 'compatible', 'sandbox'] as const
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** `Authorization: Bearer`, `Authorization: Api-Key`, or an `api-key` header. */
export type AuthScheme = 'bearer' | 'api-key' | 'api-key-header'

export interface AccountSettings {
  name: string
  provider: ProviderId
  baseUrl?: string
  /** Yandex folder id, sent as OpenAI-Project. */
  folderId?: string
  organization?: string
  project?: string
  headers?: Record<string, string>
  /** For compatible providers: how the key is sent. */
  authScheme?: AuthScheme
  /** For compatible providers: the server implements OpenAI's Uploads API. */
  supportsUploads?: boolean
}
