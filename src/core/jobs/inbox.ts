// Commands for the process that runs the queue, from the others (the CLI while the app runs it, or the other way round).
// Only the runner writes job records; everyone else drops a command file here and the runner carries it out on its next tick.
import { mkdir, readdir, rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { quarantine, writeFileAtomic } from '../fs-atomic'
import { readEntry } from './store'

export const CommandSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.enum(['approve', 'pause', 'resume', 'cancel', 'retry', 'remove', 'recheck']), jobId: z.string() }),
  z.object({ verb: z.literal('setPurpose'), jobId: z.string(), purpose: z.string() }),
  z.object({ verb: z.literal('clearFinished'), olderThanMs: z.number().nonnegative().optional() }),
  z.object({ verb: z.literal('retryAccount'), accountId: z.string() })
])
export type Command = z.infer<typeof CommandSchema>

export class Inbox {
  readonly dir: string
  constructor(jobsDir: string) {
    this.dir = join(jobsDir, 'inbox')
  }

  async send(command: Command): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    // Names sort in the order sent: time first, then a tiebreak.
    const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${randomBytes(3).toString('hex')}.json`
    await writeFileAtomic(join(this.dir, name), JSON.stringify(command))
  }

  /**
   * Takes every waiting command, oldest first; a file that is not a command is dropped (nothing to act on), and a folder or
   * device where a command belongs is moved aside, so the commands after it are still carried out.
   */
  async take(): Promise<Command[]> {
    let names: string[]
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort()
    } catch {
      return []
    }
    const out: Command[] = []
    for (const name of names) {
      const path = join(this.dir, name)
      const entry = await readEntry(path).catch(() => ({ absent: true }) as const)
      if ('notAFile' in entry) {
        await quarantine(path).catch(() => undefined)
        continue
      }
      await rm(path, { force: true }).catch(() => undefined)
      const parsed = CommandSchema.safeParse('text' in entry ? parseJson(entry.text) : undefined)
      if (parsed.success) out.push(parsed.data)
    }
    return out
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
