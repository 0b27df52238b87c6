// A job's resume state: what the provider already has, saved after every durable step. Validated when read back from disk.
import { z } from 'zod'

export const PartRecordSchema = z.object({
  uploadId: z.string(),
  index: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  partId: z.string()
})
export type PartRecord = z.infer<typeof PartRecordSchema>

export const CheckpointSchema = z.object({
  /** Whole-file flows: when the last send began (unix s), so a reply lost in transit can be looked for before sending again. */
  attemptStartedAt: z.number().optional(),
  /** OpenAI Uploads API session. */
  upload: z
    .object({ id: z.string(), expiresAt: z.number(), partSize: z.number().int().positive(), /** as the session stated it */ windowSeconds: z.number().positive().optional() })
    .optional(),
  completeSentAt: z.number().optional(),
  /** NetMind: when creating the file object began, kept while an answer to it may have been lost (an orphan to clean up). */
  createSentAt: z.number().optional(),
  /** NetMind file object and its presigned URL. */
  presigned: z.object({ fileId: z.string(), url: z.string(), expiresAt: z.number() }).optional(),
  renewals: z.number().int().nonnegative().optional()
})
export type Checkpoint = z.infer<typeof CheckpointSchema>
