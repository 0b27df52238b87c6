// Where the hosts keep API keys: the port the handlers use, and the in-memory vault (keys kept only until Ferry closes) that
// backs "Only until Ferry closes" in the app and every key in the browser host.

export type KeyStorage = 'encrypted' | 'session'

export interface KeyVault {
  /** False when keys saved here would only be obfuscated (Linux without a keyring: safeStorage's basic_text). */
  readonly secure: boolean
  get(accountId: string): Promise<string | undefined>
  /** Saves the key; `sessionOnly` keeps it in memory. Returns where it went. */
  set(accountId: string, key: string, options: { sessionOnly: boolean }): Promise<KeyStorage>
  delete(accountId: string): Promise<void>
  storage(accountId: string): KeyStorage | 'none'
}

export class MemoryVault implements KeyVault {
  private readonly keys = new Map<string, string>()
  constructor(readonly secure = true) {}
  async get(accountId: string): Promise<string | undefined> {
    return this.keys.get(accountId)
  }
  async set(accountId: string, key: string): Promise<KeyStorage> {
    this.keys.set(accountId, key)
    return 'session'
  }
  async delete(accountId: string): Promise<void> {
    this.keys.delete(accountId)
  }
  storage(accountId: string): KeyStorage | 'none' {
    return this.keys.has(accountId) ? 'session' : 'none'
  }
}

/** "••••a1b2": all the renderer ever learns about a key. */
export function maskKey(key: string | undefined): string | null {
  return key ? `••••${key.slice(-4)}` : null
}
