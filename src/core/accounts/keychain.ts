// API keys in the operating system's keychain (macOS Keychain, Windows Credential Manager, Secret Service) via @napi-rs/keyring.
// Where no keychain works (a headless Linux box), callers fall back to FERRY_API_KEY and say so.

const SERVICE = 'Ferry'

// Loaded on first use: a native module that most runs (an ad-hoc --provider upload) never need.
async function entry(accountId: string) {
  const { AsyncEntry } = await import('@napi-rs/keyring')
  return new AsyncEntry(SERVICE, accountId)
}

export interface KeyVault {
  get(accountId: string): Promise<string | undefined>
  /** False when the keychain is not available here. */
  set(accountId: string, key: string): Promise<boolean>
  delete(accountId: string): Promise<void>
}

export const osKeychain: KeyVault = {
  async get(accountId) {
    if (disabled()) return undefined
    try {
      return (await (await entry(accountId)).getPassword()) ?? undefined
    } catch {
      return undefined
    }
  },
  async set(accountId, key) {
    if (disabled()) return false
    try {
      await (await entry(accountId)).setPassword(key)
      return (await this.get(accountId)) === key
    } catch {
      return false
    }
  },
  async delete(accountId) {
    if (disabled()) return
    try {
      await (await entry(accountId)).deletePassword()
    } catch {
      // nothing stored, or no keychain: nothing to delete
    }
  }
}

// Tests and CI set FERRY_KEYCHAIN=off so they never touch a developer's real keychain.
const disabled = (): boolean => process.env.FERRY_KEYCHAIN === 'off'
