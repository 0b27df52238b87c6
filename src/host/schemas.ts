// The shape of every call's payload, checked before a handler sees it (IPC and HTTP alike): the renderer is not trusted.
import { z } from 'zod'
import { FERRY_VERBS, type FerryApi, type FerryVerb, type Result } from '../shared/api'
import { SettingsSchema } from './settings'

const id = z.string().min(1).max(200)
const ids = z.array(id).min(1).max(10_000)
const jobIds = z.object({ jobIds: ids }).strict()
const path = z.string().min(1).max(4096)
const purpose = z.string().min(1).max(64).regex(/^[a-z_-]+$/)
const provider = z.enum(['openai', 'netmind', 'yandex', 'azure', 'compatible', 'sandbox'])
const text = z.string().max(2048)

const accountFields = {
  name: z.string().min(1).max(100),
  provider,
  baseUrl: text.optional(),
  folderId: text.optional(),
  organization: text.optional(),
  project: text.optional(),
  headers: z.record(z.string().max(200), z.string().max(4096)).optional(),
  authScheme: z.enum(['bearer', 'api-key', 'api-key-header']).optional(),
  supportsUploads: z.boolean().optional(),
  key: z.string().min(1).max(4096).optional(),
  sessionOnlyKey: z.boolean().optional()
}
const accountInput = z.object(accountFields).strict()

export const SCHEMAS = {
  snapshot: z.object({}).strict().optional(),
  addSampleFiles: z.object({}).strict().optional(),
  addFiles: z.object({ paths: z.array(path).min(1).max(10_000), accountId: id.optional(), purpose: purpose.optional() }).strict(),
  setPurpose: z.object({ jobId: id, purpose }).strict(),
  recheck: jobIds,
  validationReport: z.object({ jobId: id, all: z.boolean().optional() }).strict(),
  startJobs: jobIds,
  pauseJobs: jobIds,
  resumeJobs: jobIds,
  cancelJobs: jobIds,
  retryJobs: jobIds,
  removeJobs: jobIds,
  listFiles: z.object({ accountId: id.optional(), purpose: purpose.optional() }).strict(),
  listFilesPage: z
    .object({ accountId: id.optional(), purpose: purpose.optional(), after: id.optional(), limit: z.number().int().min(1).max(10_000).optional() })
    .strict(),
  deleteFiles: z.object({ accountId: id.optional(), ids }).strict(),
  downloadFile: z.object({ accountId: id.optional(), id, destPath: path, ifExists: z.enum(['refuse', 'replace', 'keepBoth']).optional() }).strict(),
  cancelDownload: z.object({ id }).strict(),
  chooseFiles: z.object({}).strict().optional(),
  chooseSavePath: z.object({ name: z.string().min(1).max(255) }).strict(),
  showInFolder: z.object({ path }).strict(),
  addAccount: accountInput,
  updateAccount: z.object({ id, patch: accountInput.partial() }).strict(),
  removeAccount: z.object({ id }).strict(),
  setActiveAccount: z.object({ id }).strict(),
  testAccount: z.object({ id }).strict(),
  updateSettings: SettingsSchema.partial().strict()
} satisfies Record<FerryVerb, z.ZodType>

export function isVerb(name: string): name is FerryVerb {
  return (FERRY_VERBS as readonly string[]).includes(name)
}

/** Validates the payload and calls the verb; a payload of the wrong shape is a Result error, never a throw. */
export async function dispatch(api: FerryApi, verb: FerryVerb, payload: unknown): Promise<Result<unknown>> {
  const parsed = SCHEMAS[verb].safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : ''
    return { ok: false, error: { code: 'bad_request', message: `Ferry refused a malformed request${where}.`, hint: 'This is a bug in Ferry; please report it.' } }
  }
  const call = api[verb] as (input: unknown) => Promise<Result<unknown>>
  try {
    return await call(parsed.data)
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Something unexpected went wrong.', hint: 'Try again. If it keeps happening, restart Ferry.' } }
  }
}
