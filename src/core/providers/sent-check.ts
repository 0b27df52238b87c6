// A file sent in one request must still be, once it is sent, the bytes that went: an edit in the middle of the send (same size
// or not) would leave the provider holding a mix of two versions. Checked by size and mtime, and by content where it is cheap.
import { createHash, type Hash } from 'node:crypto'
import { hashInBackground } from '../transfer/md5'
import { sourceChanged } from '../transfer/file-body'
import { MiB } from '../units'
import type { FlowContext } from './types'

/** Up to this size the file is read once more after the send to compare its bytes (a second or less, mostly from cache). */
const COMPARE_CONTENT_UP_TO = 128 * MiB

/** The hash to feed the bytes sent into, when the file is small enough to compare afterwards. */
export function hashOfSent(size: number): Hash | undefined {
  return size <= COMPARE_CONTENT_UP_TO ? createHash('md5') : undefined
}

/** Throws `source_changed`, after `discard`ing what the provider stored, when the file is no longer what was sent. */
export async function confirmSent(ctx: FlowContext, sent: Hash | undefined, discard: () => Promise<void>): Promise<void> {
  try {
    await ctx.assertSourceUnchanged()
    if (sent) {
      const job = hashInBackground(ctx.spec.path)
      const now = await job.done
      if (now !== sent.digest('hex')) throw sourceChanged(ctx.spec.path)
    }
  } catch (err) {
    await discard().catch(() => undefined)
    throw err
  }
}
