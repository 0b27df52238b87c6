// The OpenAI Files dialect, shared by openai, azure, yandex, compatible servers and the sandbox: multipart POST /files for one-piece
// uploads, the Uploads API (create → parts in parallel → complete) for large ones, and cursor-paged listing.
import { FerryError } from '../errors'
import type { ApiClient } from '../http/client'
import { withRetry } from '../http/with-retry'
import { multipartFileBody } from '../transfer/file-body'
import { downloadTo } from '../transfer/download'
import { hashInBackground } from '../transfer/md5'
import { drainable, eitherStop } from '../transfer/drain'
import { nextPartSize, PartPlan, type PlannedPart } from '../transfer/part-plan'
import { runPool } from '../pool'
import { mimeFor } from '../mime'
import { MiB, nowUnix } from '../units'
import { findArrived, fromOpenAIFile } from './remote-file'
import type { DownloadOptions, FilePage, FlowContext, ListPageOptions, ProviderAdapter, ProviderId, ProviderLimits, RemoteFile, UploadSpec } from './types'

export interface DialectOptions {
  id: ProviderId
  name: string
  client: ApiClient
  limits: ProviderLimits
  /** The server implements POST /uploads. */
  uploadsApi: boolean
  /** Page size for GET /files. */
  listLimit?: number
}

const UPLOAD_EXPIRY_MARGIN_S = 120
/** A one-request upload interrupted at any point sends again at most this much. */
const RESUMABLE_ABOVE = 16 * MiB
const MAX_RENEWALS_PER_RUN = 3

export class OpenAIDialect implements ProviderAdapter {
  readonly id: ProviderId
  readonly name: string
  readonly limits: ProviderLimits
  private readonly client: ApiClient
  private readonly uploadsApi: boolean
  private readonly listLimit: number

  constructor(o: DialectOptions) {
    this.id = o.id
    this.name = o.name
    this.client = o.client
    this.limits = o.limits
    this.uploadsApi = o.uploadsApi
    this.listLimit = o.listLimit ?? 10_000
  }

  /**
   * Files over RESUMABLE_ABOVE (or over one part) go through the Uploads API: they resume part by part, so a pause or a lost
   * connection costs at most the parts in flight, never the whole file.
   */
  resumable(spec: UploadSpec): boolean {
    return this.uploadsApi && spec.size > Math.min(spec.partSize, RESUMABLE_ABOVE)
  }

  async upload(ctx: FlowContext): Promise<RemoteFile> {
    return this.resumable(ctx.spec) ? this.uploadInParts(ctx) : this.uploadWhole(ctx)
  }

  // ---- one request: POST /files -------------------------------------------------------------------------------------------

  private async uploadWhole(ctx: FlowContext): Promise<RemoteFile> {
    const { spec } = ctx
    ctx.phase('uploading')
    let lookFirst = ctx.checkpoint().attemptStartedAt !== undefined
    return withRetry(
      async () => {
        if (lookFirst) {
          // A previous attempt may have arrived although its reply was lost: adopt it rather than upload a duplicate.
          const arrived = await this.findArrived(spec, ctx.checkpoint().attemptStartedAt!)
          if (arrived) return arrived
        }
        await ctx.assertSourceUnchanged()
        await ctx.saveCheckpoint({ attemptStartedAt: nowUnix() })
        lookFirst = true
        const fields = [{ name: 'purpose', value: spec.purpose }, ...this.expiryFields(spec)]
        const body = multipartFileBody(fields, { field: 'file', path: spec.path, filename: spec.filename, length: spec.size }, ctx.throttle)
        const res = await drainable(ctx, spec.size, (signal, sent) =>
          this.client.request({
            method: 'POST',
            path: '/files',
            body,
            signal,
            onProgress: (n) => {
              const bytes = Math.min(spec.size, Math.max(0, n - body.prefix))
              sent(bytes)
              ctx.progress(bytes)
              if (n >= body.length) ctx.phase('finishing')
            }
          })
        )
        return fromOpenAIFile(res.data, this.name)
      },
      { signal: eitherStop(ctx), onRetry: ctx.onRetry }
    )
  }

  private expiryFields(spec: UploadSpec): { name: string; value: string }[] {
    const seconds = spec.expiresAfterSeconds ?? this.limits.expiry?.defaultSeconds
    if (seconds === undefined) return []
    return [
      { name: 'expires_after[anchor]', value: 'created_at' },
      { name: 'expires_after[seconds]', value: String(seconds) }
    ]
  }

  // ---- Uploads API --------------------------------------------------------------------------------------------------------

  private async uploadInParts(ctx: FlowContext): Promise<RemoteFile> {
    const { spec } = ctx
    const hasher = hashInBackground(spec.path)
    try {
      for (let renewals = 0; ; renewals++) {
        try {
          return await this.runUploadSession(ctx, () => hasher.ready())
        } catch (err) {
          if (!(err instanceof UploadExpired) || renewals >= MAX_RENEWALS_PER_RUN) throw err instanceof UploadExpired ? err.cause : err
          // The session's hour ran out: start a new one cleanly; the old parts cannot be reused.
          await ctx.saveCheckpoint({ upload: undefined, completeSentAt: undefined, renewals: (ctx.checkpoint().renewals ?? 0) + 1 })
          ctx.renewed('session_expired')
        }
      }
    } finally {
      hasher.stop()
    }
  }

  private async runUploadSession(ctx: FlowContext, md5: () => string | undefined): Promise<RemoteFile> {
    const { spec } = ctx
    const cp = ctx.checkpoint()
    if (cp.completeSentAt !== undefined) {
      const arrived = await this.findArrived(spec, cp.completeSentAt)
      if (arrived) return arrived
    }
    let session = cp.upload
    if (session && nowUnix() >= session.expiresAt - UPLOAD_EXPIRY_MARGIN_S) {
      await this.cancelUpload(session.id)
      await ctx.saveCheckpoint({ upload: undefined, completeSentAt: undefined })
      ctx.renewed('session_expired')
      session = undefined
    }
    if (!session) {
      ctx.phase('preparing')
      session = await this.createUpload(ctx)
    }
    const upload = session
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
    const linkRate = (): number => (confirmedThisRun > 0 ? confirmedThisRun / Math.max(1, (Date.now() - runStart) / 1000) : 0)
    // Cut as lanes free up, so each part's size follows the speed measured so far (transfer/part-plan.ts).
    function* cut(): Generator<PlannedPart> {
      for (let p; (p = plan.take(nextPartSize(upload.partSize, linkRate(), lanes))); ) yield p
    }
    const stop = eitherStop(ctx)
    const sendPart = async (p: PlannedPart): Promise<void> => {
      const partId = await withRetry(
        async () => {
          await ctx.assertSourceUnchanged()
          inFlight.set(p.index, 0)
          const body = multipartFileBody([], { field: 'data', path: spec.path, filename: 'blob', offset: p.offset, length: p.length }, ctx.throttle)
          try {
            const res = await drainable(ctx, p.length, (signal, sent) =>
              this.client.request<{ id?: unknown }>({
                method: 'POST',
                path: `/uploads/${upload.id}/parts`,
                body,
                signal,
                // Storing a part is quick: a part whose answer never comes is stalled, not finishing.
                replyWithinMs: 120_000,
                onProgress: (n) => {
                  const bytes = Math.min(p.length, Math.max(0, n - body.prefix))
                  sent(bytes)
                  inFlight.set(p.index, bytes)
                  report()
                }
              })
            )
            if (typeof res.data?.id !== 'string') throw new FerryError('bad_response', `${this.name} did not return a part id.`, { retryable: true })
            return res.data.id
          } catch (err) {
            inFlight.delete(p.index)
            report()
            throw this.expiredOr(err, upload.expiresAt)
          }
        },
        { signal: stop, onRetry: ctx.onRetry }
      )
      await ctx.addPart({ uploadId: upload.id, index: p.index, offset: p.offset, length: p.length, partId })
      inFlight.delete(p.index)
      confirmed += p.length
      confirmedThisRun += p.length
      report()
    }
    await runPool(cut(), lanes, sendPart, stop)

    ctx.phase('finishing')
    const ordered = PartPlan.ordered(spec.size, ctx.parts(upload.id))
    if (!ordered) throw new FerryError('internal', 'Some parts of the file are missing from the upload.', { hint: 'Cancel it and upload the file again.' })
    const partIds = ordered.map((p) => p.partId)
    return withRetry(
      async (attempt) => {
        if (attempt > 0) {
          const arrived = await this.findArrived(spec, ctx.checkpoint().completeSentAt ?? nowUnix())
          if (arrived) return arrived
        }
        await ctx.saveCheckpoint({ completeSentAt: nowUnix() })
        const digest = md5()
        try {
          const res = await this.client.request<{ status?: string; file?: unknown }>({
            method: 'POST',
            path: `/uploads/${upload.id}/complete`,
            json: digest ? { part_ids: partIds, md5: digest } : { part_ids: partIds },
            signal: ctx.signal
          })
          if (!res.data?.file) throw new FerryError('bad_response', `${this.name} finished the upload but sent no file.`, { retryable: true })
          return fromOpenAIFile(res.data.file, this.name)
        } catch (err) {
          throw this.expiredOr(err, upload.expiresAt)
        }
      },
      { signal: ctx.signal, onRetry: ctx.onRetry }
    )
  }

  private async createUpload(ctx: FlowContext): Promise<{ id: string; expiresAt: number; partSize: number }> {
    const { spec } = ctx
    const seconds = spec.expiresAfterSeconds ?? this.limits.expiry?.defaultSeconds
    const res = await withRetry(
      () =>
        this.client.request<{ id?: unknown; expires_at?: unknown }>({
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
    const { id, expires_at } = res.data ?? {}
    if (typeof id !== 'string') throw new FerryError('bad_response', `${this.name} did not return an upload id.`, { retryable: false })
    const session = { id, expiresAt: typeof expires_at === 'number' ? expires_at : nowUnix() + 3600, partSize: spec.partSize }
    await ctx.saveCheckpoint({ upload: session, completeSentAt: undefined })
    return session
  }

  /** A 400/404 on an Upload past its expiry means the session is gone: renew it rather than fail the job. */
  private expiredOr(err: unknown, expiresAt: number): unknown {
    if (err instanceof FerryError && (err.status === 400 || err.status === 404) && nowUnix() >= expiresAt - UPLOAD_EXPIRY_MARGIN_S) {
      return new UploadExpired(err)
    }
    return err
  }

  private async cancelUpload(uploadId: string): Promise<void> {
    await this.client.request({ method: 'POST', path: `/uploads/${uploadId}/cancel` }).catch(() => undefined)
  }

  async discard(ctx: FlowContext): Promise<void> {
    const cp = ctx.checkpoint()
    if (cp.upload) await this.cancelUpload(cp.upload.id)
    const since = cp.completeSentAt ?? cp.attemptStartedAt
    if (since !== undefined) {
      const arrived = await this.findArrived(ctx.spec, since).catch(() => undefined)
      if (arrived) await this.remove(arrived.id).catch(() => undefined)
    }
  }

  private async findArrived(spec: UploadSpec, sinceUnix: number): Promise<RemoteFile | undefined> {
    return findArrived(await this.list({ purpose: spec.purpose }), spec.filename, spec.size, sinceUnix)
  }

  // ---- remote files -------------------------------------------------------------------------------------------------------

  async list(opts: { purpose?: string; signal?: AbortSignal } = {}): Promise<RemoteFile[]> {
    const out: RemoteFile[] = []
    let after: string | undefined
    for (;;) {
      const page = await this.listPage({ ...opts, ...(after ? { after } : {}) })
      out.push(...page.files)
      if (!page.hasMore || !page.after) return out
      after = page.after
    }
  }

  async listPage(opts: ListPageOptions = {}): Promise<FilePage> {
    const res = await withRetry(
      () =>
        this.client.request<unknown>({
          method: 'GET',
          path: '/files',
          query: { purpose: opts.purpose, limit: opts.limit ?? this.listLimit, after: opts.after, order: 'desc' },
          signal: opts.signal
        }),
      { signal: opts.signal, maxAttempts: 5 }
    )
    // Some compatible servers answer with a bare array: everything at once.
    const page = Array.isArray(res.data) ? { data: res.data, has_more: false } : (res.data as { data?: unknown; has_more?: unknown })
    if (!page || !Array.isArray(page.data)) throw new FerryError('bad_response', `${this.name} sent a file list Ferry could not read.`)
    const files = page.data.map((f) => fromOpenAIFile(f, this.name))
    // The cursor is the last file of the page as the server sent it; an empty page ends the listing whatever has_more says.
    const last = files.at(-1)
    return page.has_more === true && last ? { files, hasMore: true, after: last.id } : { files, hasMore: false }
  }

  async retrieve(id: string): Promise<RemoteFile> {
    const res = await withRetry(() => this.client.request({ method: 'GET', path: `/files/${encodeURIComponent(id)}` }), { maxAttempts: 5 })
    return fromOpenAIFile(res.data, this.name)
  }

  async remove(id: string): Promise<void> {
    await withRetry(() => this.client.request({ method: 'DELETE', path: `/files/${encodeURIComponent(id)}` }), { maxAttempts: 5 })
  }

  download(id: string, dest: string, opts?: DownloadOptions): Promise<{ bytes: number }> {
    return downloadTo(this.client, { path: `/files/${encodeURIComponent(id)}/content` }, dest, opts)
  }
}

class UploadExpired extends Error {
  constructor(override readonly cause: unknown) {
    super('upload session expired')
  }
}
