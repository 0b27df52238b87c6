// Builds the adapter for an account: each provider's base URL, auth header, limits and upload flow, from providers.md.
import { hostOf } from '../http/url'
import { capitalize } from '../../shared/sentence'
import { MiB } from '../units'
import { createHash } from 'node:crypto'
import { FerryError } from '../errors'
import { ApiClient } from '../http/client'
import { NetmindAdapter } from './netmind'
import { OpenAIDialect } from './openai-dialect'
import type { UploadsApiLimits } from './openai-uploads'
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

// OpenAI's Uploads API: up to 8 GB, each Upload open for one hour (OAS /uploads; providers.md §1.5).
const OPENAI_UPLOADS: UploadsApiLimits = { maxBytes: 8 * 1024 * MiB, windowSeconds: 3600 }

// Azure OpenAI: its Uploads API takes up to 9 GB and an Upload stays open 2 hours (Azure REST reference "Upload File - Start",
// 2024-08-01-preview and later; providers.md "More providers"). Its plain POST /files is reported to fail silently on JSONL
// above about 150 MB (microsoft/azure-skills, finetuning/references/large-file-uploads.md): above 100 MB Ferry never uses it.
// Batch input ≤ 200 MB (global-batch-limits); other purposes as large as an Upload takes.
const AZURE_UPLOADS: UploadsApiLimits = { maxBytes: 9 * 1024 * MiB, windowSeconds: 2 * 3600 }
const AZURE_WHOLE_UP_TO = 100 * MiB
const AZURE_LIMITS: ProviderLimits = {
  purposes: {
    'fine-tune': { maxBytes: 9 * 1024 * MiB, label: '9 GB', extensions: ['.jsonl'] },
    batch: { maxBytes: 200 * MiB, label: '200 MB', extensions: ['.jsonl'] },
    assistants: { maxBytes: 9 * 1024 * MiB, label: '9 GB' },
    vision: { maxBytes: 9 * 1024 * MiB, label: '9 GB' },
    user_data: { maxBytes: 9 * 1024 * MiB, label: '9 GB' },
    evals: { maxBytes: 9 * 1024 * MiB, label: '9 GB' }
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
    throw new FerryError('base_url_needed', `${capitalize(name)} needs the API address (base URL) of your account.`, {
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
      return new OpenAIDialect({ id: account.provider, name, client, limits: OPENAI_LIMITS, uploads: OPENAI_UPLOADS })
    case 'azure':
      return new OpenAIDialect({ id: 'azure', name, client, limits: AZURE_LIMITS, uploads: AZURE_UPLOADS, wholeUpTo: AZURE_WHOLE_UP_TO })
    case 'yandex':
      return new OpenAIDialect({ id: 'yandex', name, client, limits: YANDEX_LIMITS })
    case 'compatible':
      return new OpenAIDialect({ id: 'compatible', name, client, limits: COMPATIBLE_LIMITS, ...(account.supportsUploads ? { uploads: OPENAI_UPLOADS } : {}) })
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
