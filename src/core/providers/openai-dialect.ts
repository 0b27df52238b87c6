// The OpenAI Files dialect, shared by openai, azure, yandex, compatible servers and the sandbox: multipart POST /files for one-piece
// uploads, the Uploads API (openai-uploads.ts) for large ones, and cursor-paged listing.
import { FerryError } from '../errors'
import { capitalize } from '../../shared/sentence'
import { replyDeadlineMs, type ApiClient } from '../http/client'
import { withRetry } from '../http/with-retry'
import { multipartFileBody } from '../transfer/file-body'
import { downloadTo } from '../transfer/download'
import { drainable, eitherStop } from '../transfer/drain'
import { MiB, nowUnix } from '../units'
import { LOOK_AFTER_LOST_REPLY_MS, lookAgain, mayHaveArrived } from './arrival'
import { discardSession, uploadInParts, type UploadsApiLimits, type UploadsHost } from './openai-uploads'
import { findArrived, fromOpenAIFile } from './remote-file'
import { confirmSent, hashOfSent } from './sent-check'
import type { DownloadOptions, FilePage, FlowContext, ListPageOptions, ProviderAdapter, ProviderId, ProviderLimits, RemoteFile, UploadSpec } from './types'

export interface DialectOptions {
  id: ProviderId
  name: string
  client: ApiClient
  limits: ProviderLimits
  /** The server implements POST /uploads, with these limits. */
  uploads?: UploadsApiLimits
  /** Above this POST /files is not reliable at this provider (Azure: about 150 MB); larger files go through the Uploads API. */
  wholeUpTo?: number
  /** Page size for GET /files. */
  listLimit?: number
}

/** A one-request upload interrupted at any point sends again at most this much. */
const RESUMABLE_ABOVE = 16 * MiB
/** A body larger than this is preceded by a cheap authenticated call: a refused key is heard before the file is sent. */
const ASK_FIRST_ABOVE = MiB

export class OpenAIDialect implements ProviderAdapter, UploadsHost {
  readonly id: ProviderId
  readonly name: string
  readonly limits: ProviderLimits
  readonly client: ApiClient
  readonly uploads: UploadsApiLimits
  private readonly uploadsApi: boolean
  private readonly wholeUpTo: number
  private readonly listLimit: number

  constructor(o: DialectOptions) {
    this.id = o.id
    this.name = o.name
    this.client = o.client
    this.limits = o.limits
    this.uploadsApi = o.uploads !== undefined
    this.uploads = o.uploads ?? { maxBytes: 0, windowSeconds: 3600 }
    this.wholeUpTo = Math.min(RESUMABLE_ABOVE, o.wholeUpTo ?? Infinity)
    this.listLimit = o.listLimit ?? 10_000
  }

  /**
   * Files over RESUMABLE_ABOVE (or over one part) go through the Uploads API: they resume part by part, so a pause or a lost
   * connection costs at most the parts in flight, never the whole file.
   */
  resumable(spec: UploadSpec): boolean {
    return this.uploadsApi && spec.size > Math.min(spec.partSize, this.wholeUpTo)
  }

  async upload(ctx: FlowContext): Promise<RemoteFile> {
    return this.resumable(ctx.spec) ? uploadInParts(this, ctx) : this.uploadWhole(ctx)
  }

  // ---- one request: POST /files -------------------------------------------------------------------------------------------

  private async uploadWhole(ctx: FlowContext): Promise<RemoteFile> {
    const { spec } = ctx
    ctx.phase('uploading')
    // Sent before by a process that stopped: its file may be there although the reply was lost.
    let lookFirst = ctx.checkpoint().attemptStartedAt !== undefined
    return withRetry(
      async () => {
        if (lookFirst) {
          // Lists lag behind writes: look patiently before sending a second copy.
          const arrived = await this.lookFor(spec, ctx.checkpoint().attemptStartedAt!, LOOK_AFTER_LOST_REPLY_MS, ctx.signal)
          if (arrived) return arrived
        } else if (spec.size > ASK_FIRST_ABOVE) {
          await this.listPage({ limit: 1, signal: ctx.signal })
        }
        await ctx.assertSourceUnchanged()
        await ctx.saveCheckpoint({ attemptStartedAt: nowUnix() })
        const fields = [{ name: 'purpose', value: spec.purpose }, ...this.expiryFields(spec)]
        const hash = hashOfSent(spec.size)
        const body = multipartFileBody(fields, { field: 'file', path: spec.path, filename: spec.filename, length: spec.size }, { throttle: ctx.throttle, hash })
        let sentAll = false
        let res
        try {
          res = await drainable(ctx, spec.size, (signal, sent) =>
            this.client.request({
              method: 'POST',
              path: '/files',
              body,
              signal,
              replyWithinMs: replyDeadlineMs(),
              onProgress: (n) => {
                const bytes = Math.min(spec.size, Math.max(0, n - body.prefix))
                sent(bytes)
                ctx.progress(bytes)
                if (n < body.length) return
                sentAll = true
                ctx.phase('finishing')
              }
            })
          )
        } catch (err) {
          // Only a body that all went, and whose answer never came, can have been stored: then look before sending again.
          lookFirst = mayHaveArrived(err, sentAll)
          throw err
        }
        const file = fromOpenAIFile(res.data, this.name)
        await confirmSent(ctx, hash, () => this.remove(file.id))
        return file
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

  async discard(ctx: FlowContext): Promise<void> {
    const cp = ctx.checkpoint()
    await discardSession(this, ctx)
    const since = cp.completeSentAt ?? cp.attemptStartedAt
    if (since !== undefined) {
      const arrived = await this.lookFor(ctx.spec, since, [0], ctx.signal).catch(() => undefined)
      if (arrived) await this.remove(arrived.id).catch(() => undefined)
    }
  }

  /** The file a lost reply may have hidden: same name and size, created since `sinceUnix`; one look per wait. */
  lookFor(spec: UploadSpec, sinceUnix: number, waitsMs: readonly number[], signal?: AbortSignal): Promise<RemoteFile | undefined> {
    return lookAgain(async () => findArrived(await this.list({ purpose: spec.purpose, ...(signal ? { signal } : {}) }), spec.filename, spec.size, sinceUnix), waitsMs, signal)
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
    if (!page || !Array.isArray(page.data)) throw new FerryError('bad_response', `${capitalize(this.name)} sent a file list Ferry could not read.`)
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
