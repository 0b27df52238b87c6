// The job as saved on disk (one file per job) and validated when read back: a damaged file is never trusted.
import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { asFerryError, FerryError } from '../errors'
import type { AddInput } from './queue-types'
import { z } from 'zod'
import { JOB_STATES } from '../../shared/jobs'
import { PROVIDER_IDS } from '../providers/types'
import { CheckpointSchema } from '../providers/checkpoint'

const ErrorInfoSchema = z.object({ code: z.string(), message: z.string(), hint: z.string(), requestId: z.string().optional() })

export const AccountConfigSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  provider: z.enum(PROVIDER_IDS),
  baseUrl: z.string().optional(),
  folderId: z.string().optional(),
  organization: z.string().optional(),
  project: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  authScheme: z.enum(['bearer', 'api-key', 'api-key-header']).optional(),
  supportsUploads: z.boolean().optional(),
  keyFingerprint: z.string().optional()
})

export const RemoteFileSchema = z.object({
  id: z.string(),
  filename: z.string(),
  bytes: z.number().nullable(),
  purpose: z.string(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  status: z.string().optional()
})

/** The content check's verdict on the file as it was then (size and mtime): valid only while the file is unchanged. */
export const CheckVerdictSchema = z.object({
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  valid: z.boolean(),
  errors: z.number().int().nonnegative(),
  /** Lines with an error, each once (the report's errorLines); absent in verdicts saved before it. */
  errorLines: z.number().int().nonnegative().optional(),
  warnings: z.number().int().nonnegative(),
  /** The provider refuses the file whatever its lines say (size, extension): no override uploads it. */
  refused: z.boolean().optional(),
  detectedPurpose: z.string().optional()
})
export type CheckVerdict = z.infer<typeof CheckVerdictSchema>

export const JobRecordSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  createdAt: z.number(),
  updatedAt: z.number(),
  state: z.enum(JOB_STATES),
  file: z.object({ path: z.string(), name: z.string(), size: z.number().int().nonnegative(), mtimeMs: z.number() }),
  /** The account as it was when queued; a named account is looked up again by id. Never a key. */
  account: AccountConfigSchema,
  purpose: z.string(),
  expiresAfterSeconds: z.number().int().positive().optional(),
  partSize: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  checkpoint: CheckpointSchema,
  bytesSent: z.number().nonnegative(),
  remote: RemoteFileSchema.optional(),
  error: ErrorInfoSchema.optional(),
  /** Set when an upload had to start again from the beginning (non-resumable flows). */
  restarted: z.boolean().optional(),
  /** The last renewal of the provider's session or link, so people are told why bytes are sent again. */
  renewal: z.enum(['session_expired', 'link_expired']).optional(),
  check: CheckVerdictSchema.optional(),
  /** The purpose was not given: the check takes it from the content. */
  autoPurpose: z.boolean().optional(),
  /** The person chose to upload despite the check: "Upload anyway" (warnings), or the CLI's --force (errors too). */
  uploadAnyway: z.enum(['warnings', 'errors']).optional()
})
export type JobRecord = z.infer<typeof JobRecordSchema>

/** A new job: a fresh id, nothing sent yet. */
export function newJobRecord(
  init: Pick<JobRecord, 'state' | 'file' | 'account' | 'purpose' | 'partSize' | 'concurrency' | 'expiresAfterSeconds' | 'autoPurpose' | 'uploadAnyway'>
): JobRecord {
  const now = Date.now()
  return {
    version: 1,
    id: `job_${now.toString(36)}${randomBytes(5).toString('hex')}`,
    createdAt: now,
    updatedAt: now,
    ...init,
    checkpoint: {},
    bytesSent: 0
  }
}

/** A new job for a file on disk, in the "checking" state: the check and, after it, the upload follow by themselves. */
export async function jobForFile(input: AddInput): Promise<JobRecord> {
  const path = resolve(input.path)
  const st = await stat(path).catch((err: unknown) => {
    throw (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? new FerryError('file_missing', `There is no file at ${path}.`, { hint: 'Check the path and the file name.' })
      : asFerryError(err)
  })
  if (!st.isFile()) throw new FerryError('not_a_file', `${basename(path)} is not a file.`, { hint: 'Choose a file saved on disk.' })
  return newJobRecord({
    state: 'validating',
    file: { path, name: basename(path), size: st.size, mtimeMs: st.mtimeMs },
    account: input.account,
    // Provisional until the content says what the file is for.
    purpose: input.purpose ?? 'fine-tune',
    autoPurpose: input.purpose === undefined ? true : undefined,
    partSize: input.partSize,
    concurrency: input.concurrency ?? 3,
    expiresAfterSeconds: input.expiresAfterSeconds,
    uploadAnyway: input.uploadAnyway
  })
}
