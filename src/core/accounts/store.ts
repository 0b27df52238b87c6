// Accounts (provider, name, base URL, headers; never keys) in FERRY_HOME/accounts.json through `conf`, the same format the app's
// electron-store writes. A damaged file is moved aside and reported, never wiped.
import Conf from 'conf'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { renameSync } from 'node:fs'
import { z } from 'zod'
import { FerryError } from '../errors'
import { makePrivateDir, makePrivateFile } from '../home'
import { checkBaseUrl } from './base-url'
import { AccountConfigSchema } from '../jobs/record'
import type { AccountConfig } from '../providers/types'

interface AccountsFile {
  accounts: AccountConfig[]
  activeId?: string
}

export interface AccountsLoad {
  store: AccountStore
  /** Set when accounts.json could not be read and was moved aside. */
  quarantined?: { file: string; movedTo: string }
}

export class AccountStore {
  private constructor(private readonly conf: Conf<AccountsFile>) {}

  static open(home: string): AccountsLoad {
    const path = join(home, 'accounts.json')
    const make = (): Conf<AccountsFile> =>
      new Conf<AccountsFile>({ cwd: home, configName: 'accounts', projectName: 'ferry', defaults: { accounts: [] }, configFileMode: 0o600 })
    makePrivateDir(home)
    makePrivateFile(path)
    try {
      const conf = make()
      if (!z.array(AccountConfigSchema).safeParse(conf.get('accounts')).success) throw new SyntaxError('accounts are not valid')
      return { store: new AccountStore(conf) }
    } catch (err) {
      if (!existsSync(path) || !(err instanceof Error)) throw err
      const movedTo = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
      renameSync(path, movedTo)
      return { store: new AccountStore(make()), quarantined: { file: path, movedTo } }
    }
  }

  all(): AccountConfig[] {
    return this.conf.get('accounts')
  }

  find(nameOrId: string): AccountConfig | undefined {
    return this.all().find((a) => a.id === nameOrId || a.name === nameOrId)
  }

  add(input: Omit<AccountConfig, 'id'>): AccountConfig {
    if (input.baseUrl) checkBaseUrl(input.baseUrl)
    if (this.all().some((a) => a.name === input.name)) {
      throw new FerryError('account_exists', `There is already an account named "${input.name}".`, { hint: 'Choose another name, or remove the old account first.' })
    }
    const account: AccountConfig = { ...input, id: `acc_${randomBytes(6).toString('hex')}` }
    this.conf.set('accounts', [...this.all(), account])
    return account
  }

  update(id: string, patch: Partial<Omit<AccountConfig, 'id'>>): AccountConfig {
    const existing = this.find(id)
    if (!existing) throw notFound(id)
    const updated = { ...existing, ...patch, id: existing.id }
    if (updated.baseUrl) checkBaseUrl(updated.baseUrl)
    this.conf.set('accounts', this.all().map((a) => (a.id === existing.id ? updated : a)))
    return updated
  }

  remove(nameOrId: string): AccountConfig {
    const account = this.find(nameOrId)
    if (!account) throw notFound(nameOrId)
    this.conf.set('accounts', this.all().filter((a) => a.id !== account.id))
    if (this.conf.get('activeId') === account.id) this.conf.delete('activeId')
    return account
  }

  get activeId(): string | undefined {
    return this.conf.get('activeId')
  }
  setActive(id: string): void {
    if (!this.find(id)) throw notFound(id)
    this.conf.set('activeId', id)
  }
}

function notFound(nameOrId: string): FerryError {
  return new FerryError('account_not_found', `There is no account named "${nameOrId}".`, { hint: 'See your accounts with: ferry accounts ls' })
}
