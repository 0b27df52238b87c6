// What every CLI command needs: FERRY_HOME, accounts, resolving an account (or --provider) and its key to an adapter,
// and the in-process sandbox behind `--provider sandbox`.
import { checkBaseUrl } from '../core/accounts/base-url'
import { join } from 'node:path'
import { FerryError } from '../core/errors'
import { ferryHome } from '../core/home'
import { AccountStore } from '../core/accounts/store'
import { osKeychain } from '../core/accounts/keychain'
import { createAdapter, keyFingerprint, PROVIDER_LABELS, PROVIDER_NAMES } from '../core/providers'
import { PROVIDER_IDS, type AccountConfig, type ProviderAdapter, type ProviderId } from '../core/providers/types'
import type { AdapterResolution } from '../core/jobs/queue'
import { startSandbox, type Sandbox } from '../core/sandbox'
import { canPrompt, promptHidden } from './prompt'
import { usageError } from './usage'

export interface TargetOptions {
  account?: string
  provider?: string
  baseUrl?: string
  folderId?: string
}

export interface Target {
  account: AccountConfig
  adapter: ProviderAdapter
}

const SANDBOX_KEY = 'sandbox'

export class CliContext {
  readonly home = ferryHome()
  private accountsStore?: AccountStore
  private sandbox?: Promise<Sandbox>
  /** Notes for the person (key source, recovered files), printed on stderr in human mode. */
  readonly notices: string[] = []
  private readonly typedKeys = new Map<string, string>()

  accounts(): AccountStore {
    if (!this.accountsStore) {
      const { store, quarantined } = AccountStore.open(this.home)
      if (quarantined) {
        this.notices.push(
          `Your accounts file could not be read and was moved aside to ${quarantined.movedTo} (nothing was deleted). Add your accounts again with: ferry accounts add`
        )
      }
      this.accountsStore = store
    }
    return this.accountsStore
  }

  /** The account named by --account, or an ad-hoc one from --provider (key from FERRY_API_KEY). */
  async target(opts: TargetOptions): Promise<Target> {
    if (opts.account) {
      const account = this.accounts().find(opts.account)
      if (!account) throw new FerryError('account_not_found', `There is no account named "${opts.account}".`, { hint: 'See your accounts with: ferry accounts ls' })
      return this.connect(account)
    }
    if (!opts.provider) throw usageError('Say where to upload: --account <name> or --provider <id>.')
    if (!(PROVIDER_IDS as readonly string[]).includes(opts.provider)) {
      throw usageError(`Unknown provider "${opts.provider}". Use one of: ${PROVIDER_IDS.join(', ')}.`)
    }
    const provider = opts.provider as ProviderId
    // Checked before the key is asked for: a key never goes over plain http to another computer.
    if (opts.baseUrl) checkBaseUrl(opts.baseUrl)
    const key = await this.adHocKey(provider, opts.baseUrl)
    const account: AccountConfig = {
      id: `adhoc-${provider}-${keyFingerprint(key)}`,
      name: PROVIDER_LABELS[provider],
      provider,
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      ...(opts.folderId ? { folderId: opts.folderId } : {}),
      keyFingerprint: keyFingerprint(key)
    }
    return { account, adapter: await this.adapterFor(account, key) }
  }

  /** For the engine: an account's adapter, or "key needed" when this process has no key for it (never another key). */
  resolver = async (saved: AccountConfig): Promise<AdapterResolution> => {
    const account = (saved.id.startsWith('acc_') && this.accounts().find(saved.id)) || saved
    try {
      return { adapter: (await this.connect(account)).adapter }
    } catch (err) {
      if (err instanceof FerryError && err.code === 'key_needed') return { keyNeeded: err.toInfo() }
      throw err
    }
  }

  private async connect(account: AccountConfig): Promise<Target> {
    let key: string | undefined
    if (account.provider === 'sandbox' && !account.baseUrl) key = process.env.FERRY_API_KEY || SANDBOX_KEY
    else if (account.id.startsWith('acc_')) {
      key = await osKeychain.get(account.id)
      if (key) this.note(`Using the key of "${account.name}" from the system keychain.`)
    }
    if (!key && process.env.FERRY_API_KEY) {
      key = process.env.FERRY_API_KEY
      this.note(`Using the key from FERRY_API_KEY for "${account.name}".`)
    }
    if (!key) key = await this.askKey(account.name, account.id)
    if (!key || (account.keyFingerprint && keyFingerprint(key) !== account.keyFingerprint)) {
      const why = key ? `the key given is not the one "${account.name}" was set up with` : `this process has no key for "${account.name}"`
      throw new FerryError('key_needed', `Key needed: ${why}.`, {
        hint: 'Set FERRY_API_KEY to that account’s key (or open the Ferry app, which keeps it) and run ferry resume.'
      })
    }
    return { account, adapter: await this.adapterFor(account, key) }
  }

  private async adapterFor(account: AccountConfig, key: string): Promise<ProviderAdapter> {
    if (account.provider === 'sandbox' && !account.baseUrl) {
      // The embedded sandbox: a local server in this process, its files kept under FERRY_HOME/sandbox.
      this.sandbox ??= startSandbox({ dir: join(this.home, 'sandbox') })
      return createAdapter({ ...account, baseUrl: (await this.sandbox).url }, key)
    }
    return createAdapter(account, key)
  }

  private async adHocKey(provider: ProviderId, baseUrl?: string): Promise<string> {
    const label = provider === 'compatible' && baseUrl && URL.canParse(baseUrl) ? new URL(baseUrl).host : PROVIDER_NAMES[provider]
    const key = process.env.FERRY_API_KEY || (provider === 'sandbox' ? SANDBOX_KEY : await this.askKey(label, provider))
    if (key) return key
    throw new FerryError('key_needed', `No API key for ${PROVIDER_NAMES[provider]}.`, {
      hint: 'Set FERRY_API_KEY to your key, or add an account with: ferry accounts add'
    })
  }

  /** Asks the person at the terminal, once per account in this process; nothing when no one is there. */
  private async askKey(name: string, cacheKey: string): Promise<string | undefined> {
    if (!canPrompt()) return undefined
    let key = this.typedKeys.get(cacheKey)
    if (key === undefined) {
      key = await promptHidden(`API key for ${name} (not shown as you type): `)
      this.typedKeys.set(cacheKey, key)
    }
    if (key) this.note(`Using the key you typed for ${name}.`)
    return key || undefined
  }

  private note(text: string): void {
    if (!this.notices.includes(text)) this.notices.push(text)
  }

  async close(): Promise<void> {
    if (this.sandbox) await (await this.sandbox).close()
  }
}
