// The app's accounts: the built-in sandbox plus the shared AccountStore, their keys in the host's vault, adapters for the
// engine (never a key in a job, a view or an event), connection tests and the in-process sandbox server.
import { hostOf } from '../core/http/url'
import { join } from 'node:path'
import type { AccountInput, AccountView } from '../shared/api'
import type { ErrorInfo } from '../shared/errors'
import { checkBaseUrl, keyOrigin } from '../core/accounts/base-url'
import type { AccountStore } from '../core/accounts/store'
import { asFerryError, FerryError } from '../core/errors'
import type { AdapterResolution } from '../core/jobs/queue'
import { createAdapter, DEFAULT_BASE_URLS, keyFingerprint, limitsAdapter, PROVIDER_NAMES } from '../core/providers'
import type { AccountConfig, ProviderAdapter } from '../core/providers/types'
import { startSandbox, type Sandbox } from '../core/sandbox'
import type { AccountMeta } from './account-meta'
import { presentTest } from './messages'
import { maskKey, type KeyVault } from './vault'

export const SANDBOX_ID = 'sandbox'
export const SANDBOX_ACCOUNT: AccountConfig = { id: SANDBOX_ID, name: 'Sandbox (practice)', provider: 'sandbox' }
/** The CLI's sandbox key too, so app and CLI see the same practice files. */
const SANDBOX_KEY = 'sandbox'
const SANDBOX_CHIP = { color: 7, initials: 'SB' }
/** Limits and names need no server: an address that is never called. */

type ConfigFields = Omit<AccountConfig, 'id' | 'keyFingerprint'>

export class Accounts {
  private sandbox?: Promise<Sandbox>

  constructor(
    private readonly home: string,
    private readonly store: AccountStore,
    private readonly meta: AccountMeta,
    private readonly vault: KeyVault
  ) {}

  all(): AccountConfig[] {
    return [SANDBOX_ACCOUNT, ...this.store.all()]
  }

  find(id: string): AccountConfig | undefined {
    return id === SANDBOX_ID ? SANDBOX_ACCOUNT : this.store.all().find((a) => a.id === id)
  }

  need(id: string): AccountConfig {
    const account = this.find(id)
    if (!account) throw new FerryError('account_not_found', 'That account no longer exists.', { hint: 'Choose another account.' })
    return account
  }

  activeId(): string | null {
    const id = this.meta.activeId
    return id && this.find(id) ? id : null
  }

  setActive(id: string): void {
    this.need(id)
    this.meta.setActive(id)
    if (id !== SANDBOX_ID) this.store.setActive(id)
  }

  async views(): Promise<AccountView[]> {
    return Promise.all(this.all().map((a) => this.view(a)))
  }

  async view(a: AccountConfig): Promise<AccountView> {
    const key = a.id === SANDBOX_ID ? undefined : await this.vault.get(a.id)
    const last = this.meta.lastTest(a.id)
    const { keyFingerprint: _fp, ...fields } = a
    return {
      ...fields,
      maskedKey: maskKey(key),
      keyStorage: key ? (this.vault.storage(a.id) === 'encrypted' ? 'encrypted' : 'session') : 'none',
      chip: a.id === SANDBOX_ID ? SANDBOX_CHIP : { color: this.meta.chip(a.id) ?? 0, initials: initials(a.name) },
      ...(last ? { lastTest: last } : {})
    }
  }

  async add(input: AccountInput): Promise<AccountConfig> {
    const fields = configFields(input)
    checkRequired(fields)
    const key = input.key?.trim()
    if (!key && fields.provider !== 'sandbox') throw new FerryError('key_required', 'An API key is needed for this account.', { hint: 'Paste the key from your provider.' })
    const account = this.store.add({ ...fields, ...(key ? { keyFingerprint: keyFingerprint(key) } : {}) })
    if (key) await this.vault.set(account.id, key, { sessionOnly: input.sessionOnlyKey === true })
    this.meta.assignChip(account.id, this.store.all().map((a) => a.id).filter((id) => id !== account.id))
    if (!this.activeId()) this.setActive(account.id)
    return account
  }

  /** Returns the account and whether its key changed (jobs waiting for it may go on). A new host needs the key again. */
  async update(id: string, patch: Partial<AccountInput>): Promise<{ account: AccountConfig; keyChanged: boolean }> {
    if (id === SANDBOX_ID) throw new FerryError('sandbox_fixed', 'The sandbox is built in and cannot be changed.', { hint: 'Add an account of your own instead.' })
    const current = this.need(id)
    const fields = configFields({ ...current, ...patch } as AccountInput)
    checkRequired(fields)
    const key = patch.key?.trim()
    if (!key && keyOrigin(fields) !== keyOrigin(current)) {
      throw new FerryError('key_for_new_host', 'The address changed, so paste the key again: Ferry sends a key only to the host it was given for.', {
        hint: 'Paste the key for the new address, or keep the old address.'
      })
    }
    const updated = this.store.update(id, { ...fields, ...(key ? { keyFingerprint: keyFingerprint(key) } : {}) })
    if (key) {
      await this.vault.set(id, key, { sessionOnly: patch.sessionOnlyKey === true })
      this.meta.clearLastTest(id)
    }
    return { account: updated, keyChanged: Boolean(key) }
  }

  async remove(id: string): Promise<void> {
    if (id === SANDBOX_ID) throw new FerryError('sandbox_fixed', 'The sandbox is built in and cannot be removed.', { hint: '' })
    this.store.remove(this.need(id).id)
    await this.vault.delete(id)
    this.meta.forget(id)
  }

  /** The adapter for an account with its key; `key_needed` when this session has none. */
  async connect(account: AccountConfig): Promise<ProviderAdapter> {
    const current = this.find(account.id) ?? account
    if (current.provider === 'sandbox' && !current.baseUrl) return createAdapter({ ...current, baseUrl: (await this.startSandbox()).url }, SANDBOX_KEY)
    const key = await this.vault.get(current.id)
    if (!key) {
      throw new FerryError('key_needed', `Key needed. Ferry has no key for "${current.name}" (it was kept only until Ferry closed, or never saved).`, {
        hint: 'Paste the key again in Accounts; the uploads wait for it.'
      })
    }
    return createAdapter(current, key)
  }

  /** For the engine: an account's adapter, or "key needed" (the job waits; nothing else is tried). */
  resolver = async (saved: AccountConfig): Promise<AdapterResolution> => {
    try {
      return { adapter: await this.connect(saved) }
    } catch (err) {
      const e = asFerryError(err)
      if (e.code === 'key_needed') return { keyNeeded: e.toInfo() }
      throw e
    }
  }

  /** Limits and names only: no key, no server. */
  async limitsAdapter(account: AccountConfig): Promise<ProviderAdapter> {
    const current = this.find(account.id) ?? account
    return limitsAdapter(current)
  }

  async endpointOf(account: AccountConfig): Promise<string | null> {
    const current = this.find(account.id) ?? account
    if (current.provider === 'sandbox' && !current.baseUrl) return (await this.startSandbox()).url
    return current.baseUrl ?? DEFAULT_BASE_URLS[current.provider] ?? null
  }

  providerName(account: AccountConfig): string {
    if (account.provider === 'compatible' && account.baseUrl) return hostOf(account.baseUrl)
    return account.provider === 'sandbox' ? 'Sandbox' : PROVIDER_NAMES[account.provider]
  }

  /** Test connection (UI.md §5): lists the files; remembers the outcome for "Connected 5 min ago". */
  async test(id: string): Promise<{ files: number }> {
    const account = this.need(id)
    try {
      const files = await (await this.connect(account)).list()
      this.meta.setLastTest(id, { ok: true, at: Date.now(), message: `Connected. ${files.length} ${files.length === 1 ? 'file' : 'files'}.` })
      return { files: files.length }
    } catch (err) {
      const info: ErrorInfo = presentTest(asFerryError(err).toInfo(), hostOf((await this.endpointOf(account).catch(() => null)) ?? ''))
      this.meta.setLastTest(id, { ok: false, at: Date.now(), message: info.message })
      throw new FerryError(info.code, info.message, { hint: info.hint })
    }
  }

  private startSandbox(): Promise<Sandbox> {
    this.sandbox ??= startSandbox({ dir: join(this.home, 'sandbox') })
    return this.sandbox
  }

  async close(): Promise<void> {
    if (this.sandbox) await (await this.sandbox).close()
  }
}

function configFields(input: AccountInput): ConfigFields {
  const out: ConfigFields = { name: input.name.trim(), provider: input.provider }
  const str = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined)
  const baseUrl = str(input.baseUrl)
  if (baseUrl) out.baseUrl = baseUrl.replace(/\/+$/, '')
  if (str(input.folderId)) out.folderId = str(input.folderId)
  if (str(input.organization)) out.organization = str(input.organization)
  if (str(input.project)) out.project = str(input.project)
  if (input.headers && Object.keys(input.headers).length > 0) out.headers = input.headers
  if (input.authScheme) out.authScheme = input.authScheme
  if (input.supportsUploads !== undefined) out.supportsUploads = input.supportsUploads
  return out
}

/** UI.md §5: required fields per provider. */
function checkRequired(a: ConfigFields): void {
  const missing = (what: string, hint: string): FerryError => new FerryError('invalid_input', `${what} is required.`, { hint })
  if (!a.name) throw missing('A name', 'Give the account a name you will recognise, e.g. Work.')
  if (a.provider === 'yandex' && !a.folderId) throw missing('The folder ID', 'It is shown by the folder name in the Yandex Cloud console.')
  if (a.provider === 'azure' && !a.baseUrl) throw missing('The resource URL', 'Use https://<your-resource>.openai.azure.com/openai/v1.')
  if (a.provider === 'compatible' && !a.baseUrl) throw missing('The base URL', 'Copy it from your provider’s developer settings; it usually ends in /v1.')
  if (a.baseUrl) checkBaseUrl(a.baseUrl)
}

/** 1–2 initials: the first letters of the first two words, else the first letter and the next consonant ("Work" → WR). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (words.length >= 2) return (words[0]![0]! + words[1]![0]!).toUpperCase()
  const w = words[0] ?? '?'
  const next = w.slice(1).match(/[^aeiouаеёиоуыэюя\W\d_]/i)?.[0] ?? w[1] ?? ''
  return (w[0]! + next).toUpperCase()
}
