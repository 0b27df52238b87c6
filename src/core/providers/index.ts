// Builds the adapter for an account: each provider's base URL, auth header, limits and upload flow, from providers.md.
import { hostOf } from '../http/url'
import { MiB } from '../units'
import { createHash } from 'node:crypto'
import { FerryError } from '../errors'
import { ApiClient } from '../http/client'
import { NetmindAdapter } from './netmind'
import { OpenAIDialect } from './openai-dialect'
import type { AccountConfig, ProviderAdapter, ProviderId, ProviderLimits } from './types'

const EXPIRY = { min: 3600, max: 2_592_000 }

// OpenAI: 512 MB through POST /files, up to 8 GB through the Uploads API (which Ferry uses for anything over one part);
// batch input ≤ 200 MB; fine-tune and batch take .jsonl only (OpenAPI spec, /files summary).
const OPENAI_LIMITS: ProviderLimits = {
  purposes: {
    'fine-tune': { maxBytes: 8 * 1024 * MiB, label: '8 GB', extensions: ['.jsonl'] },
    batch: { maxBytes: 200 * MiB, label: '200 MB', extensions: ['.jsonl'] },
    assistants: { maxBytes: 8 * 1024 * MiB, label: '8 GB' },
    vision: { maxBytes: 8 * 1024 * MiB, label: '8 GB' },
    user_data: { maxBytes: 8 * 1024 * MiB, label: '8 GB' },
    evals: { maxBytes: 8 * 1024 * MiB, label: '8 GB' }
  },
  expiry: EXPIRY
}

// Azure OpenAI v1: fine-tune and assistants files ≤ 512 MB, batch input ≤ 200 MB (quotas-limits, global-batch-limits).
const AZURE_LIMITS: ProviderLimits = {
  purposes: {
    'fine-tune': { maxBytes: 512 * MiB, label: '512 MB', extensions: ['.jsonl'] },
    batch: { maxBytes: 200 * MiB, label: '200 MB', extensions: ['.jsonl'] },
    assistants: { maxBytes: 512 * MiB, label: '512 MB' },
    vision: { maxBytes: 512 * MiB, label: '512 MB' },
    user_data: { maxBytes: 512 * MiB, label: '512 MB' },
    evals: { maxBytes: 512 * MiB, label: '512 MB' }
  },
  expiry: EXPIRY
}

// Yandex AI Studio: 128 MB per file, expires_after marked required (createFile.md), so Ferry always sends it.
const YANDEX_LIMITS: ProviderLimits = {
  purposes: Object.fromEntries(
    ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'].map((p) => [p, { maxBytes: 128 * MiB, label: '128 MB' }])
  ),
  expiry: { ...EXPIRY, defaultSeconds: EXPIRY.max }
}

// Unknown servers: let them decide; only the OpenAI expiry range is checked.
const COMPATIBLE_LIMITS: ProviderLimits = { purposes: {}, anyPurpose: true, expiry: EXPIRY }

export const DEFAULT_BASE_URLS: Partial<Record<ProviderId, string>> = {
  openai: 'https://api.openai.com/v1',
  netmind: 'https://api.netmind.ai/v1',
  yandex: 'https://ai.api.cloud.yandex.net/v1'
}

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  openai: 'OpenAI',
  netmind: 'NetMind',
  yandex: 'Yandex AI Studio',
  azure: 'Azure OpenAI',
  compatible: 'the provider',
  sandbox: 'the Ferry sandbox'
}

/** Names for accounts made on the fly from --provider. */
export const PROVIDER_LABELS: Record<ProviderId, string> = {
  ...PROVIDER_NAMES,
  compatible: 'OpenAI-compatible',
  sandbox: 'Sandbox'
}

/** An adapter for an account's limits and name only (no key, nothing sent): the content check's file rules. */
export function limitsAdapter(account: AccountConfig): ProviderAdapter {
  // The embedded sandbox has no address until it runs; its limits do not depend on one.
  return createAdapter(account.provider === 'sandbox' && !account.baseUrl ? { ...account, baseUrl: 'http://127.0.0.1:9/v1' } : account, 'limits-only')
}

export function createAdapter(account: AccountConfig, key: string): ProviderAdapter {
  const baseUrl = account.baseUrl ?? DEFAULT_BASE_URLS[account.provider]
  const name = account.provider === 'compatible' && baseUrl ? hostOf(baseUrl) : PROVIDER_NAMES[account.provider]
  if (!baseUrl) {
    throw new FerryError('base_url_needed', `${name} needs the API address (base URL) of your account.`, {
      hint:
        account.provider === 'azure'
          ? 'Use https://<your-resource>.openai.azure.com/openai/v1 (--base-url).'
          : 'Give the API root ending in /v1, e.g. https://api.example.com/v1 (--base-url).'
    })
  }
  const extraHeaders: Record<string, string> = { ...account.headers }
  if (account.organization) extraHeaders['OpenAI-Organization'] = account.organization
  if (account.project) extraHeaders['OpenAI-Project'] = account.project
  if (account.provider === 'yandex' && account.folderId) extraHeaders['OpenAI-Project'] = account.folderId
  const client = new ApiClient({ baseUrl, providerName: name, authHeaders: authHeaders(account, key), extraHeaders, secrets: [key] })

  switch (account.provider) {
    case 'netmind':
      return new NetmindAdapter(client)
    case 'openai':
    case 'sandbox':
      return new OpenAIDialect({ id: account.provider, name, client, limits: OPENAI_LIMITS, uploadsApi: true })
    case 'azure':
      return new OpenAIDialect({ id: 'azure', name, client, limits: AZURE_LIMITS, uploadsApi: true })
    case 'yandex':
      return new OpenAIDialect({ id: 'yandex', name, client, limits: YANDEX_LIMITS, uploadsApi: false })
    case 'compatible':
      return new OpenAIDialect({ id: 'compatible', name, client, limits: COMPATIBLE_LIMITS, uploadsApi: account.supportsUploads === true })
  }
}

function authHeaders(account: AccountConfig, key: string): Record<string, string> {
  const scheme =
    account.authScheme ??
    (account.provider === 'azure' ? 'api-key-header' : account.provider === 'yandex' && !key.startsWith('t1.') ? 'api-key' : 'bearer')
  if (scheme === 'api-key-header') return { 'api-key': key }
  // Yandex: a service account's API key goes as `Api-Key`, an IAM token (t1.…) as Bearer.
  if (scheme === 'api-key') return { authorization: `Api-Key ${key}` }
  return { authorization: `Bearer ${key}` }
}

/** A short, one-way fingerprint of a key: lets Ferry notice a different key without storing the key. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16)
}
