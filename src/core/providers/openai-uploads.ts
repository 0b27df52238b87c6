// The OpenAI Uploads API (create → parts in parallel → complete) for large files: resumes part by part, renews a session whose
// window closed, says early when a file cannot fit in one window at the measured speed, and finds the file a lost reply hid.
import { FerryError } from '../errors'
import { capitalize } from '../../shared/sentence'
import { replyDeadlineMs, type ApiClient } from '../http/client'
import { withRetry } from '../http/with-retry'
import { multipartFileBody } from '../transfer/file-body'
import { hashInBackground } from '../transfer/md5'
import { drainable, eitherStop } from '../transfer/drain'
import { nextPartSize, PartPlan, type PlannedPart } from '../transfer/part-plan'
import { runPool } from '../pool'
import { mimeFor } from '../mime'
import { formatBytes, formatDuration, nowUnix } from '../units'
import { LOOK_AFTER_LOST_REPLY_MS, LOOK_FOR_KNOWN_FILE_MS } from './arrival'
import { fromOpenAIFile } from './remote-file'
import type { FlowContext, ProviderLimits, RemoteFile, UploadSpec } from './types'

export interface UploadsApiLimits {
  /** The largest file one Upload takes. */
  maxBytes: number
  /** How long an Upload accepts parts after it is created. */
  windowSeconds: number
}

/** What the flow needs of its dialect. */
export interface UploadsHost {
  name: string
  client: ApiClient
  limits: ProviderLimits
  uploads: UploadsApiLimits
  /** The file a lost reply may have hidden, looked for once per wait. */
  lookFor(spec: UploadSpec, sinceUnix: number, waitsMs: readonly number[], signal: AbortSignal): Promise<RemoteFile | undefined>
}

type Session = NonNullable<ReturnType<FlowContext['checkpoint']>['upload']>

const MAX_RENEWALS_PER_RUN = 3
/** The measured speed counts once parts have gone for this long (or a quarter of the window, if that is shorter). */
const MEASURE_SECONDS = 30

/** The speed each API root's parts last went at (bytes/s): a file that cannot fit in a window is told so before it starts. */
const lastRate = new Map<string, number>()

/** The provider closed the session (its window ran out): begin a new one. Not retryable as such, so withRetry hands it up. */
export class SessionExpired extends FerryError {
  constructor(cause: FerryError) {
    super('session_expired', "The provider's upload window closed.", { cause })
  }
}

export async function uploadInParts(host: UploadsHost, ctx: FlowContext): Promise<RemoteFile> {
  const hasher = hashInBackground(ctx.spec.path)
  try {
    for (let renewals = 0; ; renewals++) {
      try {
        return await runSession(host, ctx, () => hasher.ready())
      } catch (err) {
        if (!(err instanceof SessionExpired)) throw err
        if (renewals >= MAX_RENEWALS_PER_RUN) {
          throw new FerryError('sessions_keep_expiring', `${capitalize(host.name)} closed the upload window ${renewals + 1} times in a row before the file was in.`, {
            hint: 'The connection may be too slow for a file this size: try a faster connection, or split the file into smaller files.'
          })
        }
        // The old parts cannot be reused: a new session starts clean, and the job says why bytes go again.
        await ctx.saveCheckpoint({ upload: undefined, completeSentAt: undefined, renewals: (ctx.checkpoint().renewals ?? 0) + 1 })
        ctx.renewed('session_expired')
      }
    }
  } finally {
    hasher.stop()
  }
}

async function runSession(host: UploadsHost, ctx: FlowContext, md5: () => string | undefined): Promise<RemoteFile> {
  const { spec } = ctx
  const cp = ctx.checkpoint()
  if (cp.completeSentAt !== undefined) {
    // Completed before a crash or a lost reply: the file may be there already.
    const arrived = await host.lookFor(spec, cp.completeSentAt, LOOK_AFTER_LOST_REPLY_MS, ctx.signal)
    if (arrived) return arrived
  }
  let session = cp.upload
  if (session && nowUnix() >= session.expiresAt - marginOf(session)) {
    await cancel(host, session.id)
    await ctx.saveCheckpoint({ upload: undefined, completeSentAt: undefined })
    ctx.renewed('session_expired')
    session = undefined
  }
  if (!session) {
    const rate = Math.min(lastRate.get(host.client.baseUrl) ?? Infinity, ctx.throttle?.bytesPerSecond ?? Infinity)
    const tooShort = Number.isFinite(rate) ? windowTooShort(host.name, spec, rate, host.uploads.windowSeconds) : undefined
    if (tooShort) throw tooShort
    ctx.phase('preparing')
    session = await create(host, ctx)
  }
  await sendParts(host, ctx, session)
  return complete(host, ctx, session, md5)
}

async function sendParts(host: UploadsHost, ctx: FlowContext, upload: Session): Promise<void> {
  const { spec } = ctx
  ctx.phase('uploading')
  const plan = new PartPlan(spec.size, ctx.parts(upload.id))
  let confirmed = ctx.parts(upload.id).reduce((n, p) => n + p.length, 0)
  const inFlight = new Map<number, number>()
  const report = (): void => ctx.progress(confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0))
  report()

  const lanes = Math.max(1, spec.concurrency)
  // The link's speed as the provider's answers show it: bytes only written to a socket would overstate it at first.
  const runStart = Date.now()
  let confirmedThisRun = 0
  const elapsed = (): number => Math.max(1, Date.now() - runStart) / 1000
  const linkRate = (): number => (confirmedThisRun > 0 ? confirmedThisRun / elapsed() : 0)
  // Cut as lanes free up, so each part's size follows the speed measured so far (transfer/part-plan.ts).
  function* cut(): Generator<PlannedPart> {
    for (let p; (p = plan.take(nextPartSize(upload.partSize, linkRate(), lanes))); ) yield p
  }
  // A file that cannot fit in any window at this speed is given up at once, its parts in flight cut with it.
  const giveUp = new AbortController()
  const signal = AbortSignal.any([ctx.signal, giveUp.signal])
  const stop = AbortSignal.any([eitherStop(ctx), giveUp.signal])
  const window = upload.windowSeconds ?? host.uploads.windowSeconds
  const judge = (): void => {
    if (elapsed() < Math.min(MEASURE_SECONDS, window / 4)) return
    lastRate.set(host.client.baseUrl, linkRate())
    const tooShort = windowTooShort(host.name, spec, linkRate(), window)
    if (tooShort) giveUp.abort(tooShort)
  }

  const sendPart = async (p: PlannedPart): Promise<void> => {
    const partId = await withRetry(
      async () => {
        await ctx.assertSourceUnchanged()
        inFlight.set(p.index, 0)
        const body = multipartFileBody([], { field: 'data', path: spec.path, filename: 'blob', offset: p.offset, length: p.length }, { throttle: ctx.throttle })
        try {
          const res = await drainable({ signal, stopping: ctx.stopping }, p.length, (requestSignal, sent) =>
            host.client.request<{ id?: unknown }>({
              method: 'POST',
              path: `/uploads/${upload.id}/parts`,
              body,
              signal: requestSignal,
              // Storing a part is quick: a part whose answer never comes is stalled, not finishing.
              replyWithinMs: replyDeadlineMs(),
              onProgress: (n) => {
                const bytes = Math.min(p.length, Math.max(0, n - body.prefix))
                sent(bytes)
                inFlight.set(p.index, bytes)
                report()
              }
            })
          )
          if (typeof res.data?.id !== 'string') throw new FerryError('bad_response', `${capitalize(host.name)} did not return a part id.`, { retryable: true })
          return res.data.id
        } catch (err) {
          inFlight.delete(p.index)
          report()
          throw expiredOr(err, upload)
        }
      },
      { signal: stop, onRetry: ctx.onRetry }
    )
    await ctx.addPart({ uploadId: upload.id, index: p.index, offset: p.offset, length: p.length, partId })
    inFlight.delete(p.index)
    confirmed += p.length
    confirmedThisRun += p.length
    report()
    judge()
  }
  try {
    await runPool(cut(), lanes, sendPart, stop)
  } catch (err) {
    if (!giveUp.signal.aborted) throw err
    await cancel(host, upload.id)
    await ctx.saveCheckpoint({ upload: undefined, completeSentAt: undefined })
    throw giveUp.signal.reason
  }
}

async function complete(host: UploadsHost, ctx: FlowContext, upload: Session, md5: () => string | undefined): Promise<RemoteFile> {
  const { spec } = ctx
  ctx.phase('finishing')
  const ordered = PartPlan.ordered(spec.size, ctx.parts(upload.id))
  if (!ordered) throw new FerryError('internal', 'Some parts of the file are missing from the upload.', { hint: 'Cancel it and upload the file again.' })
  const partIds = ordered.map((p) => p.partId)
  return withRetry(
    async (attempt) => {
      if (attempt > 0) {
        // The last answer was lost: the file may exist already, and the list may not show it at once.
        const arrived = await host.lookFor(spec, ctx.checkpoint().completeSentAt ?? nowUnix(), LOOK_AFTER_LOST_REPLY_MS, ctx.signal)
        if (arrived) return arrived
      }
      await ctx.saveCheckpoint({ completeSentAt: nowUnix() })
      const digest = md5()
      try {
        const res = await host.client.request<{ status?: string; file?: unknown }>({
          method: 'POST',
          path: `/uploads/${upload.id}/complete`,
          json: digest ? { part_ids: partIds, md5: digest } : { part_ids: partIds },
          signal: ctx.signal
        })
        if (!res.data?.file) throw new FerryError('bad_response', `${capitalize(host.name)} finished the upload but sent no file.`, { retryable: true })
        return fromOpenAIFile(res.data.file, host.name)
      } catch (err) {
        if (alreadyCompleted(err)) return findCompleted(host, ctx, err as FerryError)
        throw expiredOr(err, upload)
      }
    },
    { signal: ctx.signal, onRetry: ctx.onRetry }
  )
}

/** "Already completed": an earlier `complete` went through and its answer was lost. The file exists; find it, never send again. */
async function findCompleted(host: UploadsHost, ctx: FlowContext, said: FerryError): Promise<RemoteFile> {
  const since = ctx.checkpoint().completeSentAt ?? nowUnix()
  const found = await host.lookFor(ctx.spec, since, LOOK_FOR_KNOWN_FILE_MS, ctx.signal)
  if (found) return found
  throw new FerryError('completed_not_listed', `${capitalize(host.name)} says this upload was completed, but its file does not show in the file list yet.`, {
    hint: 'Look in Files in a few minutes before uploading it again: a second upload would store a duplicate.',
    cause: said
  })
}

async function create(host: UploadsHost, ctx: FlowContext): Promise<Session> {
  const { spec } = ctx
  const seconds = spec.expiresAfterSeconds ?? host.limits.expiry?.defaultSeconds
  const res = await withRetry(
    () =>
      host.client.request<{ id?: unknown; created_at?: unknown; expires_at?: unknown }>({
        method: 'POST',
        path: '/uploads',
        json: {
          filename: spec.filename,
          purpose: spec.purpose,
          bytes: spec.size,
          mime_type: mimeFor(spec.filename),
          ...(seconds !== undefined ? { expires_after: { anchor: 'created_at', seconds } } : {})
        },
        signal: ctx.signal
      }),
    { signal: ctx.signal, onRetry: ctx.onRetry }
  )
  const { id, created_at, expires_at } = res.data ?? {}
  if (typeof id !== 'string') throw new FerryError('bad_response', `${capitalize(host.name)} did not return an upload id.`, { retryable: false })
  const expiresAt = typeof expires_at === 'number' ? expires_at : nowUnix() + host.uploads.windowSeconds
  // The window as this session states it (the server's clock may differ from ours; its difference does not).
  const windowSeconds = typeof created_at === 'number' && expires_at !== undefined && expiresAt > created_at ? expiresAt - created_at : host.uploads.windowSeconds
  const session = { id, expiresAt, windowSeconds, partSize: spec.partSize }
  await ctx.saveCheckpoint({ upload: session, completeSentAt: undefined })
  return session
}

/** A session is renewed this long before it closes: two minutes, or a tenth of a short window. */
function marginOf(session: Session): number {
  return Math.min(120, (session.windowSeconds ?? 3600) / 10)
}

/** A 400/404 that says the Upload expired, or one past the session's end by our clock: the window closed. */
function expiredOr(err: unknown, session: Session): unknown {
  if (!(err instanceof FerryError) || (err.status !== 400 && err.status !== 404)) return err
  const saysExpired = err.providerCode === 'upload_expired' || /\bexpired\b/i.test(err.message)
  return saysExpired || nowUnix() >= session.expiresAt - marginOf(session) ? new SessionExpired(err) : err
}

function alreadyCompleted(err: unknown): boolean {
  return err instanceof FerryError && err.status === 400 && (err.providerCode === 'upload_completed' || /already\b.*\bcompleted/i.test(err.message))
}

/** The error to stop with when the whole file cannot go within one window at `rate` bytes/s (a session cannot be continued). */
export function windowTooShort(name: string, spec: UploadSpec, rate: number, windowSeconds: number): FerryError | undefined {
  if (!(rate > 0) || spec.size / rate <= windowSeconds) return undefined
  return new FerryError(
    'upload_window_too_short',
    `At the speed measured (${formatBytes(rate)}/s), ${spec.filename} (${formatBytes(spec.size)}) needs about ${formatDuration(spec.size / rate)} to upload, but ${name} closes an unfinished upload after ${formatDuration(windowSeconds)}.`,
    {
      hint: 'Upload it over a faster connection, or split it into smaller files and upload those.',
      params: { speed: formatBytes(rate), needs: formatDuration(spec.size / rate), window: formatDuration(windowSeconds) }
    }
  )
}

async function cancel(host: UploadsHost, uploadId: string): Promise<void> {
  await host.client.request({ method: 'POST', path: `/uploads/${uploadId}/cancel` }).catch(() => undefined)
}

export async function discardSession(host: UploadsHost, ctx: FlowContext): Promise<void> {
  const session = ctx.checkpoint().upload
  if (session) await cancel(host, session.id)
}
