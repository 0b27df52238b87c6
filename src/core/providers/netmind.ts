// NetMind: POST /files creates a file object with a presigned URL; the bytes go by one PUT to that storage host, without our key.
import type { Hash } from 'node:crypto'
import { capitalize } from '../../shared/sentence'
import { FerryError } from '../errors'
import { replyDeadlineMs, type ApiClient } from '../http/client'
import { withRetry } from '../http/with-retry'
import { fileRangeBody } from '../transfer/file-body'
import { downloadTo } from '../transfer/download'
import { mayHaveArrived } from './arrival'
import { fromNetmindFile, parse } from './remote-file'
import { confirmSent, hashOfSent } from './sent-check'
import { mimeFor } from '../mime'
import { drainable, eitherStop } from '../transfer/drain'
import { MiB, nowUnix } from '../units'

import type { DownloadOptions, FilePage, FlowContext, ListPageOptions, ProviderAdapter, ProviderLimits, RemoteFile } from './types'
import { z } from 'zod'

const URL_TTL_S = 2 * 3600
const URL_EXPIRY_MARGIN_S = 60

export const NETMIND_LIMITS: ProviderLimits = {
  purposes: {
    'fine-tune': { maxBytes: 512 * MiB, label: '512 MB', extensions: ['.jsonl'] },
    batch: { maxBytes: 100 * MiB, label: '100 MB', extensions: ['.jsonl'] }
  }
}

const Created = z.object({ id: z.string(), presigned_url: z.string().url() })

export class NetmindAdapter implements ProviderAdapter {
  readonly id = 'netmind' as const
  readonly name = 'NetMind'
  readonly limits = NETMIND_LIMITS
  constructor(private readonly client: ApiClient) {}

  resumable(): boolean {
    return false
  }

  async upload(ctx: FlowContext): Promise<RemoteFile> {
    const { spec } = ctx
    for (;;) {
      let target = ctx.checkpoint().presigned
      if (target) {
        // A PUT that completed before a crash: the file object already has our bytes.
        const existing = await this.landed(target.fileId, spec.size)
        if (existing) return this.finish(ctx, existing, undefined)
        if (existing === null || nowUnix() >= target.expiresAt - URL_EXPIRY_MARGIN_S) {
          await this.dropObject(ctx, target.fileId)
          target = undefined
        }
      }
      if (!target) {
        ctx.phase('preparing')
        target = await this.createObject(ctx)
      }
      const { fileId, url, expiresAt } = target
      ctx.phase('uploading')
      let lookFirst = false
      let landed: RemoteFile | undefined
      let hash: Hash | undefined
      try {
        await withRetry(
          async () => {
            // The last PUT went out whole and its answer was lost: NetMind's file object tells whether the bytes arrived.
            if (lookFirst && (landed = (await this.landed(fileId, spec.size)) ?? undefined)) return
            await ctx.assertSourceUnchanged()
            hash = hashOfSent(spec.size)
            let sentAll = false
            try {
              // A fresh Client-less request: no Authorization header, so the key never reaches the storage host (and S3 refuses two auth mechanisms).
              await drainable(ctx, spec.size, (signal, sent) =>
                this.client.send({
                  method: 'PUT',
                  url,
                  body: { ...fileRangeBody(spec.path, 0, spec.size, { throttle: ctx.throttle, hash }), contentType: mimeFor(spec.filename) },
                  signal,
                  replyWithinMs: replyDeadlineMs(),
                  onProgress: (n) => {
                    sent(n)
                    ctx.progress(n)
                    sentAll = n >= spec.size
                  }
                })
              )
            } catch (err) {
              lookFirst = mayHaveArrived(err, sentAll)
              throw err
            }
          },
          { signal: eitherStop(ctx), onRetry: ctx.onRetry }
        )
      } catch (err) {
        // 403 after the URL's two hours: make a new file object and start again.
        if (err instanceof FerryError && err.status === 403 && nowUnix() >= expiresAt - URL_EXPIRY_MARGIN_S) {
          await this.dropObject(ctx, fileId)
          continue
        }
        throw err
      }
      ctx.phase('finishing')
      const file = landed ?? (await this.retrieve(fileId).catch(() => undefined))
      return this.finish(ctx, file && file.bytes !== null ? file : { ...(file ?? emptyFile(fileId, spec.purpose)), filename: spec.filename, bytes: spec.size }, hash)
    }
  }

  /** The file object with all our bytes in it; null when it no longer exists, undefined when the bytes have not arrived. */
  private async landed(fileId: string, size: number): Promise<RemoteFile | null | undefined> {
    const file = await this.retrieve(fileId).catch((e) => (e instanceof FerryError && e.status === 404 ? null : Promise.reject(e)))
    return file && file.bytes === size ? file : file === null ? null : undefined
  }

  /** The bytes are stored: make sure they are the file's (else remove them), and remove file objects a lost answer left empty. */
  private async finish(ctx: FlowContext, file: RemoteFile, sent: Hash | undefined): Promise<RemoteFile> {
    await confirmSent(ctx, sent, () => this.dropObject(ctx, file.id, false))
    await this.removeOrphans(ctx, file.id)
    return file
  }

  private async createObject(ctx: FlowContext): Promise<{ fileId: string; url: string; expiresAt: number }> {
    const { spec } = ctx
    // Begun before and never answered (a crash, a lost reply): NetMind may hold an empty file object from it.
    let lost = ctx.checkpoint().createSentAt !== undefined
    const createSentAt = ctx.checkpoint().createSentAt ?? nowUnix()
    await ctx.saveCheckpoint({ createSentAt })
    const res = await withRetry(
      async () => {
        try {
          return await this.client.request({
            method: 'POST',
            path: '/files',
            json: { file_name: safeName(spec.filename), purpose: spec.purpose },
            headers: { 'file-content-type': mimeFor(spec.filename) },
            signal: ctx.signal
          })
        } catch (err) {
          lost ||= !(err instanceof FerryError && err.status !== undefined)
          throw err
        }
      },
      { signal: ctx.signal, onRetry: ctx.onRetry }
    )
    const created = parse(Created, res.data, this.name)
    const target = { fileId: created.id, url: created.presigned_url, expiresAt: presignedExpiry(created.presigned_url) }
    await ctx.saveCheckpoint({ presigned: target, createSentAt: lost ? createSentAt : undefined })
    return target
  }

  /** Empty file objects of this name made since a create whose answer was lost: Ferry made them, Ferry removes them. */
  private async removeOrphans(ctx: FlowContext, keep: string): Promise<void> {
    const since = ctx.checkpoint().createSentAt
    if (since === undefined) return
    const name = safeName(ctx.spec.filename)
    const files = await this.list({ purpose: ctx.spec.purpose }).catch(() => [])
    for (const f of files) {
      if (f.id !== keep && f.filename === name && f.bytes === null && f.createdAt >= since - 5) await this.remove(f.id).catch(() => undefined)
    }
    await ctx.saveCheckpoint({ createSentAt: undefined })
  }

  private async dropObject(ctx: FlowContext, fileId: string, renewed = true): Promise<void> {
    await this.remove(fileId).catch(() => undefined)
    await ctx.saveCheckpoint({ presigned: undefined, ...(renewed ? { renewals: (ctx.checkpoint().renewals ?? 0) + 1 } : {}) })
    if (renewed) ctx.renewed('link_expired')
  }

  async discard(ctx: FlowContext): Promise<void> {
    const target = ctx.checkpoint().presigned
    if (target) await this.remove(target.fileId).catch(() => undefined)
    await this.removeOrphans(ctx, target?.fileId ?? '').catch(() => undefined)
  }

  async list(opts: { purpose?: string; signal?: AbortSignal } = {}): Promise<RemoteFile[]> {
    return (await this.listPage(opts)).files
  }

  /** NetMind documents no paging: one page holds every file, newest first; `after` and `limit` do not apply. */
  async listPage(opts: ListPageOptions = {}): Promise<FilePage> {
    const res = await withRetry(() => this.client.request<unknown>({ method: 'GET', path: '/files', signal: opts.signal }), {
      signal: opts.signal,
      maxAttempts: 5
    })
    // NetMind answers with a bare array; tolerate an OpenAI-style page too.
    const raw = Array.isArray(res.data) ? res.data : (res.data as { data?: unknown })?.data
    if (!Array.isArray(raw)) throw new FerryError('bad_response', `${capitalize(this.name)} sent a file list Ferry could not read.`)
    const files = raw.map((f) => fromNetmindFile(f, this.name))
    const wanted = opts.purpose ? files.filter((f) => f.purpose === opts.purpose) : files
    return { files: wanted.sort((a, b) => b.createdAt - a.createdAt), hasMore: false }
  }

  async retrieve(id: string): Promise<RemoteFile> {
    const res = await withRetry(() => this.client.request({ method: 'GET', path: `/files/${encodeURIComponent(id)}` }), { maxAttempts: 5 })
    return fromNetmindFile(res.data, this.name)
  }

  async remove(id: string): Promise<void> {
    await withRetry(() => this.client.request({ method: 'DELETE', path: `/files/${encodeURIComponent(id)}` }), { maxAttempts: 5 })
  }

  async download(id: string, dest: string, opts?: DownloadOptions): Promise<{ bytes: number }> {
    const res = await withRetry(() => this.client.request({ method: 'GET', path: `/files/${encodeURIComponent(id)}/presigned_url` }), {
      maxAttempts: 5
    })
    const { presigned_url } = parse(z.object({ presigned_url: z.string().url() }), res.data, this.name)
    return downloadTo(this.client, { url: presigned_url }, dest, opts)
  }
}

/** NetMind's SDK keeps letters, digits, `_` and `-` in the name and the extension as is. */
export function safeName(filename: string): string {
  const dot = filename.lastIndexOf('.')
  const stem = dot > 0 ? filename.slice(0, dot) : filename
  const ext = dot > 0 ? filename.slice(dot) : '.jsonl'
  return stem.replace(/[^A-Za-z0-9_-]/g, '_') + ext
}

/** When an S3-style presigned URL stops working (X-Amz-Date + X-Amz-Expires), else NetMind's documented two hours. */
export function presignedExpiry(url: string, now = nowUnix()): number {
  const q = new URL(url).searchParams
  const date = q.get('X-Amz-Date')
  const secs = Number(q.get('X-Amz-Expires'))
  const m = date && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date)
  if (m && Number.isFinite(secs) && secs > 0) {
    return Math.floor(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000) + secs
  }
  return now + URL_TTL_S
}

function emptyFile(id: string, purpose: string): RemoteFile {
  return { id, filename: '', bytes: null, purpose, createdAt: nowUnix(), expiresAt: null }
}
