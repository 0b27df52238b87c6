// JSONL fixtures for the host tests: chat fine-tune files that pass the check, fail it on chosen lines, or only warn.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface ChatFileOptions {
  /** 1-based lines with no assistant reply (an error). */
  noReplyAt?: number[]
  /** 1-based lines left blank (a warning). */
  blankAt?: number[]
  /** Pad each example's reply to about this many bytes, to make a file big enough to upload in parts. */
  lineBytes?: number
}

/** `lines` distinct chat examples (distinct, so no duplicate warnings). */
export async function chatFile(dir: string, name: string, lines: number, opts: ChatFileOptions = {}): Promise<string> {
  const out: string[] = []
  for (let i = 1; i <= lines; i++) {
    if (opts.blankAt?.includes(i)) {
      out.push('')
      continue
    }
    const user = { role: 'user', content: `Question number ${i}?` }
    const pad = opts.lineBytes ? ' ' + 'x'.repeat(Math.max(0, opts.lineBytes - 120)) : ''
    const reply = { role: 'assistant', content: `Answer number ${i}.${pad}` }
    out.push(JSON.stringify({ messages: opts.noReplyAt?.includes(i) ? [user] : [user, reply] }))
  }
  const path = join(dir, name)
  await writeFile(path, out.join('\n') + '\n')
  return path
}

export async function batchFile(dir: string, name: string, lines: number): Promise<string> {
  const out: string[] = []
  for (let i = 1; i <= lines; i++) {
    out.push(JSON.stringify({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o', messages: [{ role: 'user', content: `Hi ${i}` }] } }))
  }
  const path = join(dir, name)
  await writeFile(path, out.join('\n') + '\n')
  return path
}

/** Resolves when `predicate` holds, polling every 20 ms; fails with `what` after `ms`. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
