// API keys at rest for the desktop app: each account's key encrypted with Electron's safeStorage and kept, by account id, in its
// own electron-store file (FERRY_HOME/secrets.json); keys the person chose not to save stay in memory until Ferry closes.
//
// Why safeStorage and not the keychain library the CLI uses (@napi-rs/keyring): safeStorage ships inside Electron (no native
// module to rebuild per Electron version and platform), encrypts with a key the OS keeps for this app (Keychain, DPAPI,
// libsecret/kwallet), and tells us honestly when it can only obfuscate (Linux `basic_text`), which the UI must say (UI.md §6).
// The CLI cannot use safeStorage (no Electron); it uses an app account's key through FERRY_API_KEY, checked against the
// account's key fingerprint, or its own keychain entry.
import { safeStorage } from 'electron'
import ElectronStore from 'electron-store'
import { z } from 'zod'
import type { ErrorInfo } from '../shared/errors'
import { repairedNotice } from '../host/messages'
import { openStore, type JsonStore, type StoreFactory } from '../host/stores'
import { MemoryVault, type KeyStorage, type KeyVault } from '../host/vault'

export interface SafeStoragePort {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  getSelectedStorageBackend?(): string
}

const SecretsSchema = z.object({ keys: z.record(z.string(), z.string()) })
type SecretsFile = z.infer<typeof SecretsSchema>

export class SafeStorageVault implements KeyVault {
  private readonly session = new MemoryVault()
  private readonly store: JsonStore<SecretsFile>
  readonly notices: ErrorInfo[] = []

  constructor(
    private readonly safe: SafeStoragePort,
    makeStore: StoreFactory,
    home: string,
    private readonly platform: NodeJS.Platform = process.platform
  ) {
    const { store, quarantined } = openStore<SecretsFile>(makeStore, home, 'secrets', SecretsSchema, { keys: {} })
    this.store = store
    if (quarantined) {
      this.notices.push(repairedNotice('keys', [quarantined.movedTo]))
    }
  }

  /** Only a real OS-backed key counts as protection; `basic_text` (Linux with no keyring) is obfuscation. */
  get secure(): boolean {
    if (!this.safe.isEncryptionAvailable()) return false
    return !(this.platform === 'linux' && this.safe.getSelectedStorageBackend?.() === 'basic_text')
  }

  async get(accountId: string): Promise<string | undefined> {
    const inMemory = await this.session.get(accountId)
    if (inMemory) return inMemory
    const sealed = this.store.get('keys')[accountId]
    if (!sealed || !this.safe.isEncryptionAvailable()) return undefined
    try {
      return this.safe.decryptString(Buffer.from(sealed, 'base64'))
    } catch {
      // Sealed under another OS key (moved profile, reset keyring): the person pastes it again; the jobs wait.
      return undefined
    }
  }

  async set(accountId: string, key: string, options: { sessionOnly: boolean }): Promise<KeyStorage> {
    await this.delete(accountId)
    // "Save anyway" on a basic_text system is the person's choice; with no encryption at all there is nothing to save with.
    if (options.sessionOnly || !this.safe.isEncryptionAvailable()) return this.session.set(accountId, key)
    const sealed = this.safe.encryptString(key).toString('base64')
    this.store.set('keys', { ...this.store.get('keys'), [accountId]: sealed })
    return 'encrypted'
  }

  async delete(accountId: string): Promise<void> {
    await this.session.delete(accountId)
    const { [accountId]: _gone, ...rest } = this.store.get('keys')
    this.store.set('keys', rest)
  }

  storage(accountId: string): KeyStorage | 'none' {
    if (this.session.storage(accountId) === 'session') return 'session'
    return this.store.get('keys')[accountId] ? 'encrypted' : 'none'
  }
}

export const electronStoreFactory: StoreFactory = ({ cwd, name, defaults }) =>
  new ElectronStore({ cwd, name, defaults: defaults as never, accessPropertiesByDotNotation: false, configFileMode: 0o600 }) as never

/** The app's vault: Electron's safeStorage over FERRY_HOME/secrets.json. Call after the app is ready. */
export function createElectronVault(home: string): SafeStorageVault {
  return new SafeStorageVault(safeStorage, electronStoreFactory, home)
}
