// Provider profiles as plain data: per-code severities, limits (validation-rules.md §3) and per-provider schema choices.
// NetMind and Yandex take OpenAI's formats, so they use the `openai` profile. Tests and future providers inject their own.
import type { DataFormat, ProfileId, ValidationPurpose } from '../../shared/validation'
import { CODES, type Code, type CodeSpec, type SeverityLetter } from './codes'

const MB = 1024 * 1024
const GB = 1024 * MB

export interface ProfileLimits {
  /** Largest file accepted, per purpose. */
  fileBytes: Record<ValidationPurpose, number>
  maxBatchRequests: number
  maxEmbeddingInputsPerRequest: number
  maxEmbeddingInputsPerBatch: number
  minExamples: number
  /** Largest example count for any fine-tune file (null = none documented). */
  maxExamples: number | null
  /** RFT limits: training / validation files. */
  maxRftExamples: { training: number; validation: number } | null
  maxImageExamples: number | null
  maxImagesPerExample: number
  maxImageBytes: number
  /** Longest custom_id before W_CUSTOM_ID_TOO_LONG. */
  maxCustomIdLength: number
  /** Tokens per training example when the model is not known. */
  defaultModel: string
  modelTokenLimits: Record<string, number>
}

export interface ValidationProfile {
  id: ProfileId
  name: string
  severities: Record<Code, SeverityLetter>
  limits: ProfileLimits
  /** Fine-tune formats the provider trains on (others: E_UNSUPPORTED_FORMAT). */
  fineTuneFormats: DataFormat[]
  roles: {
    sft: string[]
    /** Accepted with a warning (OA: `developer` in SFT/DPO). */
    sftWarn: string[]
    rft: string[]
    rftWarn: string[]
  }
  /** Allowed top-level keys per fine-tune format (E_UNKNOWN_TOP_LEVEL_KEY). */
  topLevelKeys: { chat: string[]; preference: string[]; text: string[] }
  /** Allowed keys per message role (E_UNKNOWN_MESSAGE_KEY); checked only where the code is active. */
  messageKeys: Record<string, string[]>
  /** Assistant messages may omit content when they carry tool_calls/function_call. */
  assistantContentOptionalWithToolCalls: boolean
  batchEndpoints: string[]
  images: { webLinks: boolean; types: string[] }
  /** Source of a RegExp every tool-call id must match (Mistral), or null. */
  toolCallIdPattern: string | null
  /** Reject a `weight` written as 1.0 or 0.0 (Together checks the raw token; JSON.parse cannot tell). */
  strictWeightTokens: boolean
}

const COLUMN: Record<ProfileId, keyof Omit<CodeSpec, 'fatal'>> = { openai: 'oa', together: 'tg', mistral: 'mi' }

function severityColumn(id: ProfileId): Record<Code, SeverityLetter> {
  const out = {} as Record<Code, SeverityLetter>
  for (const code of Object.keys(CODES) as Code[]) out[code] = (CODES[code] as CodeSpec)[COLUMN[id]]
  return out
}

// OpenAI's token limits per example (S3); longer examples are truncated, not rejected.
const OPENAI_TOKEN_LIMITS: Record<string, number> = {
  'gpt-4o': 65_536,
  'gpt-4o-mini': 65_536,
  'gpt-4.1': 65_536,
  'gpt-4.1-mini': 65_536,
  'gpt-4.1-nano': 65_536,
  'gpt-3.5-turbo-0125': 16_385,
  'gpt-3.5-turbo-1106': 16_385,
  'gpt-3.5-turbo-0613': 4_096
}

const OPENAI_BATCH_ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos'
]

const OPENAI_MESSAGE_KEYS: Record<string, string[]> = {
  system: ['role', 'content', 'name'],
  developer: ['role', 'content', 'name'],
  user: ['role', 'content', 'name'],
  function: ['role', 'content', 'name'],
  assistant: ['role', 'content', 'name', 'tool_calls', 'function_call', 'refusal', 'audio', 'weight'],
  tool: ['role', 'content', 'tool_call_id']
}

const BASE_LIMITS: ProfileLimits = {
  fileBytes: { 'fine-tune': 512 * MB, batch: 512 * MB, evals: 512 * MB },
  maxBatchRequests: 50_000,
  maxEmbeddingInputsPerRequest: 2_048,
  maxEmbeddingInputsPerBatch: 50_000,
  minExamples: 10,
  maxExamples: null,
  maxRftExamples: null,
  maxImageExamples: null,
  maxImagesPerExample: 10,
  maxImageBytes: 10 * MB,
  maxCustomIdLength: 64,
  defaultModel: 'gpt-4o',
  modelTokenLimits: OPENAI_TOKEN_LIMITS
}

export const OPENAI: ValidationProfile = {
  id: 'openai',
  name: 'OpenAI',
  severities: severityColumn('openai'),
  limits: {
    ...BASE_LIMITS,
    // Ferry uploads large files through the multipart Uploads API (8 GB); the Files API alone stops at 512 MB.
    fileBytes: { 'fine-tune': 8 * GB, batch: 209_715_200, evals: 512 * MB },
    maxRftExamples: { training: 50_000, validation: 1_000 },
    maxImageExamples: 50_000
  },
  fineTuneFormats: ['chat', 'preference', 'instruction'],
  roles: {
    sft: ['system', 'user', 'assistant', 'tool', 'function'],
    sftWarn: ['developer'],
    rft: ['developer', 'user', 'assistant', 'tool'],
    rftWarn: ['system']
  },
  topLevelKeys: {
    chat: ['messages', 'tools', 'parallel_tool_calls', 'functions'],
    preference: ['input', 'preferred_output', 'non_preferred_output'],
    text: ['text']
  },
  messageKeys: OPENAI_MESSAGE_KEYS,
  assistantContentOptionalWithToolCalls: true,
  batchEndpoints: OPENAI_BATCH_ENDPOINTS,
  images: { webLinks: true, types: ['jpeg', 'jpg', 'png', 'webp'] },
  toolCallIdPattern: null,
  strictWeightTokens: false
}

export const TOGETHER: ValidationProfile = {
  id: 'together',
  name: 'Together AI',
  severities: severityColumn('together'),
  limits: {
    ...BASE_LIMITS,
    fileBytes: { 'fine-tune': Math.round(50.1 * GB), batch: 100 * MB, evals: 100 * MB },
    minExamples: 1,
    defaultModel: 'the model',
    modelTokenLimits: {}
  },
  fineTuneFormats: ['chat', 'preference', 'instruction', 'text'],
  roles: { sft: ['system', 'user', 'assistant'], sftWarn: [], rft: ['system', 'user', 'assistant'], rftWarn: [] },
  // Together rejects any column that is not the format's own ("Found extra column").
  topLevelKeys: { chat: ['messages'], preference: ['input', 'preferred_output', 'non_preferred_output'], text: ['text'] },
  messageKeys: OPENAI_MESSAGE_KEYS,
  assistantContentOptionalWithToolCalls: false,
  batchEndpoints: OPENAI_BATCH_ENDPOINTS,
  images: { webLinks: false, types: ['jpeg', 'png', 'webp'] },
  toolCallIdPattern: null,
  strictWeightTokens: true
}

export const MISTRAL: ValidationProfile = {
  id: 'mistral',
  name: 'Mistral',
  severities: severityColumn('mistral'),
  limits: {
    ...BASE_LIMITS,
    fileBytes: { 'fine-tune': 512 * MB, batch: 512 * MB, evals: 512 * MB },
    maxBatchRequests: 100_000,
    maxExamples: 10_000_000,
    defaultModel: 'the model',
    modelTokenLimits: {}
  },
  // Plain text ({"text": …}) as §2 and the E_UNSUPPORTED_FORMAT row say; see docs/validation-notes.md for Mistral's docs.
  fineTuneFormats: ['chat', 'text'],
  roles: { sft: ['system', 'user', 'assistant', 'tool'], sftWarn: [], rft: ['system', 'user', 'assistant', 'tool'], rftWarn: [] },
  topLevelKeys: { chat: ['messages', 'tools'], preference: ['input', 'preferred_output', 'non_preferred_output'], text: ['text'] },
  messageKeys: OPENAI_MESSAGE_KEYS,
  assistantContentOptionalWithToolCalls: true,
  batchEndpoints: OPENAI_BATCH_ENDPOINTS,
  images: { webLinks: true, types: ['jpeg', 'jpg', 'png', 'webp'] },
  toolCallIdPattern: '^[A-Za-z0-9]{9}$',
  strictWeightTokens: false
}

export const PROFILES: Record<ProfileId, ValidationProfile> = { openai: OPENAI, together: TOGETHER, mistral: MISTRAL }

export function isProfileId(value: string): value is ProfileId {
  return value in PROFILES
}

/** The per-example token limit for a model under this profile. */
export function tokenLimitFor(profile: ValidationProfile, model: string | undefined): { model: string; limit: number } {
  const name = model ?? profile.limits.defaultModel
  return { model: name, limit: profile.limits.modelTokenLimits[name] ?? 65_536 }
}
