// Reads the providers' file objects (validated, never trusted) into Ferry's RemoteFile.
import { z } from 'zod'
import { capitalize } from '../../shared/sentence'
import { FerryError } from '../errors'
import type { RemoteFile } from './types'

const timestamp = z.union([z.number(), z.string()]).transform((v) => (typeof v === 'number' ? v : Math.floor(Date.parse(v) / 1000)))

const OpenAIFile = z.object({
  id: z.string(),
  filename: z.string(),
  bytes: z.number().nullable().optional(),
  purpose: z.string(),
  created_at: timestamp,
  expires_at: timestamp.nullable().optional(),
  status: z.string().optional()
})

const NetmindFile = z.object({
  id: z.string(),
  file_name: z.string(),
  bytes: z.number().nullable().optional(),
  purpose: z.string(),
  created_at: timestamp
})

export function fromOpenAIFile(raw: unknown, providerName: string): RemoteFile {
  const f = parse(OpenAIFile, raw, providerName)
  return {
    id: f.id,
    filename: f.filename,
    bytes: f.bytes ?? null,
    purpose: f.purpose,
    createdAt: f.created_at,
    expiresAt: f.expires_at ?? null,
    ...(f.status ? { status: f.status } : {})
  }
}

export function fromNetmindFile(raw: unknown, providerName: string): RemoteFile {
  const f = parse(NetmindFile, raw, providerName)
  return { id: f.id, filename: f.file_name, bytes: f.bytes ?? null, purpose: f.purpose, createdAt: f.created_at, expiresAt: null }
}

export function parse<T>(schema: z.ZodType<T>, raw: unknown, providerName: string): T {
  const r = schema.safeParse(raw)
  if (!r.success) {
    throw new FerryError('bad_response', `${capitalize(providerName)} sent an answer in an unexpected shape.`, {
      retryable: false,
      hint: 'Check the account’s base URL: it should be the provider’s API root, ending in /v1.'
    })
  }
  return r.data
}

/** A file that a lost reply may have created: same name and size, created since the attempt began (with clock slack). */
export function findArrived(files: RemoteFile[], filename: string, size: number, sinceUnix: number): RemoteFile | undefined {
  return files
    .filter((f) => f.filename === filename && f.bytes === size && f.createdAt >= sinceUnix - 120)
    .sort((a, b) => b.createdAt - a.createdAt)[0]
}
