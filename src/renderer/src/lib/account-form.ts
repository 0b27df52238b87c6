// The account form's rules per provider (UI.md §5): which fields show, which are required, and the AccountInput they make.
import type { AccountInput, AccountView, ProviderId } from '../../../shared/api'
import { sendsKeySafely } from '../../../shared/base-url'
import type { ErrorInfo } from '../../../shared/errors'
import type { TextKey, Translator } from '../../../shared/locale'

export type FormProvider = Exclude<ProviderId, 'sandbox'>
export const FORM_PROVIDERS: readonly FormProvider[] = ['openai', 'netmind', 'yandex', 'azure', 'compatible']

export interface AccountFormValues {
  provider: FormProvider
  name: string
  key: string
  /** Editing: keep the saved key unless this is true. */
  replaceKey: boolean
  baseUrl: string
  organization: string
  project: string
  folderId: string
  authScheme: 'bearer' | 'api-key' | 'api-key-header'
  supportsUploads: boolean
  sessionOnlyKey: boolean
}

export type FieldName = 'name' | 'key' | 'baseUrl' | 'folderId'

export function initialValues(account: AccountView | undefined, provider: string | null, secure: boolean): AccountFormValues {
  const p = account && account.provider !== 'sandbox' ? account.provider : FORM_PROVIDERS.includes(provider as FormProvider) ? (provider as FormProvider) : 'openai'
  return {
    provider: p,
    name: account?.name ?? '',
    key: '',
    replaceKey: !account || account.maskedKey === null,
    baseUrl: account?.baseUrl ?? '',
    organization: account?.organization ?? '',
    project: account?.project ?? '',
    folderId: account?.folderId ?? '',
    authScheme: account?.authScheme ?? 'bearer',
    supportsUploads: account?.supportsUploads ?? false,
    sessionOnlyKey: account ? account.keyStorage === 'session' : !secure
  }
}

/** The fields a provider shows besides name and key. */
export function fieldsFor(p: FormProvider): { baseUrlRequired: boolean; baseUrlLabel: TextKey; org: boolean; folder: boolean; keyHeader: boolean; uploads: boolean } {
  return {
    baseUrlRequired: p === 'azure' || p === 'compatible',
    baseUrlLabel: p === 'azure' ? 'form.resource' : 'form.baseUrl',
    org: p === 'openai',
    folder: p === 'yandex',
    keyHeader: p === 'compatible',
    uploads: p === 'compatible'
  }
}

/** Required-field and address checks; returns the message per field, empty when the form can be saved. */
export function validateForm(tr: Translator, v: AccountFormValues, editing: boolean): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {}
  const f = fieldsFor(v.provider)
  if (!v.name.trim()) errors.name = tr.t('form.missing', { field: tr.t('form.name') })
  if ((!editing || v.replaceKey) && !v.key.trim()) errors.key = tr.t('form.missing', { field: tr.t('form.key') })
  if (f.folder && !v.folderId.trim()) errors.folderId = tr.t('form.missing', { field: tr.t('form.folder') })
  const url = v.baseUrl.trim()
  if (f.baseUrlRequired && !url) errors.baseUrl = tr.t('form.missing', { field: tr.t(f.baseUrlLabel) })
  else if (url && !/^https?:\/\/[^\s/]+/i.test(url)) errors.baseUrl = tr.t('form.badUrl')
  else if (url && !sendsKeySafely(url)) errors.baseUrl = tr.t('form.insecureUrl')
  return errors
}


/** Where the key goes: the base URL's origin, or the provider's own address. A change of it asks for the key again. */
export function keyTarget(provider: ProviderId, baseUrl: string): string {
  try {
    return baseUrl.trim() ? new URL(baseUrl.trim()).origin : `default:${provider}`
  } catch {
    return baseUrl.trim()
  }
}

/** A failed save in the person's language for the codes the form knows, else the host's own words. */
export function saveError(tr: Translator, error: ErrorInfo): string {
  if (error.code === 'key_for_new_host') return tr.t('form.keyForNewHost')
  if (error.code === 'insecure_base_url') return tr.t('form.insecureUrl')
  return [error.message, error.hint].filter(Boolean).join(' ')
}

/** An account (not the sandbox) for which this Ferry has no key now: it was kept only until Ferry closed, or never saved. */
export function needsKey(account: Pick<AccountView, 'provider' | 'keyStorage'>): boolean {
  return account.provider !== 'sandbox' && account.keyStorage === 'none'
}

export function toInput(v: AccountFormValues, editing: boolean): AccountInput {
  const f = fieldsFor(v.provider)
  const input: AccountInput = { name: v.name.trim(), provider: v.provider }
  if (v.baseUrl.trim()) input.baseUrl = v.baseUrl.trim()
  if (f.org && v.organization.trim()) input.organization = v.organization.trim()
  if (f.org && v.project.trim()) input.project = v.project.trim()
  if (f.folder) input.folderId = v.folderId.trim()
  if (f.keyHeader) input.authScheme = v.authScheme
  if (v.provider === 'azure') input.authScheme = 'api-key-header'
  if (f.uploads) input.supportsUploads = v.supportsUploads
  if (!editing || v.replaceKey) {
    input.key = v.key.trim()
    input.sessionOnlyKey = v.sessionOnlyKey
  }
  return input
}

const DEFAULT_HOSTS: Record<ProviderId, string> = {
  openai: 'api.openai.com',
  netmind: 'api.netmind.ai',
  yandex: 'llm.api.cloud.yandex.net',
  azure: 'Azure',
  compatible: 'the server',
  sandbox: 'the sandbox'
}

export function hostOf(account: Pick<AccountView, 'provider' | 'baseUrl'>): string {
  if (account.baseUrl) {
    try {
      return new URL(account.baseUrl).host
    } catch {
      return account.baseUrl
    }
  }
  return DEFAULT_HOSTS[account.provider]
}

/** The exact Test connection sentence for a result (UI.md §5). */
export function testMessage(tr: Translator, r: { ok: true; files: number } | { ok: false; error: ErrorInfo }, host: string): { text: string; ok: boolean } {
  if (r.ok) return { text: tr.tp('test.ok', r.files), ok: true }
  const c = r.error.code
  // No key to try: nothing was asked of the provider, so it did not refuse anything.
  if (c === 'key_needed') return { text: tr.t('test.keyNeeded', { host }), ok: false }
  if (/auth|api_key|forbidden|unauthor/i.test(c)) return { text: tr.t('test.badKey'), ok: false }
  if (/network|connect|timeout|unreach|dns|offline|refused|not_found|bad_response/i.test(c)) return { text: tr.t('test.unreachable', { host }), ok: false }
  return { text: [r.error.message, r.error.hint].filter(Boolean).join(' '), ok: false }
}
