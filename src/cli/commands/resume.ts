// `ferry resume`: continues every unfinished job at its first unfinished step; `ferry queue`: the jobs and what to do with them.
import type { Command } from 'commander'
import type { Queue } from '../../core/jobs/queue'
import type { JobRecord } from '../../core/jobs/record'
import { formatBytes } from '../../core/units'
import { isFinished, waitsForUser } from '../../shared/lifecycle'
import type { CliContext } from '../context'
import { makeOutput } from '../output'
import { openCliQueue, runUntilIdle, tellQuarantined } from '../run-queue'
import { EXIT } from '../usage'
import { positiveNumber } from '../options'
import { registerQueueCommands } from './queue'

export function registerResume(program: Command, ctx: CliContext): void {
  program
    .command('resume')
    .description('Continue every unfinished upload where it stopped')
    .option('--speed-limit <MiB/s>', 'limit the upload speed', positiveNumber('--speed-limit'))
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean; speedLimit?: number }) => {
      const out = makeOutput(!!opts.json)
      const queue = openCliQueue(ctx, opts.speedLimit ? { speedLimitMiB: opts.speedLimit } : {})
      const { jobs, quarantined } = await queue.store.all()
      tellQuarantined(quarantined, out)
      const pending = jobs.filter((j) => !isFinished(j.state))
      if (pending.length === 0) {
        out.say('Nothing to resume: every upload has finished.')
        process.exitCode = quarantined.length > 0 ? EXIT.failed : EXIT.ok
        return
      }
      out.say(`Resuming ${pending.length} upload${pending.length === 1 ? '' : 's'}.`)
      for (const job of pending) if (waitsForUser(job.state) && job.state !== 'key-needed') out.say(waitingLine(job))
      // This process may have the key a job was waiting for (FERRY_API_KEY, the keychain, a prompt).
      const retryKeys = async (): Promise<void> => {
        for (const job of pending) if (job.state === 'key-needed') await queue.command({ verb: 'retry', jobId: job.id })
      }
      queue.once('role', () => void retryKeys())
      const code = await runUntilIdle(queue, pending.map((j) => j.id), out)
      for (const n of ctx.notices.splice(0)) out.say(n)
      process.exitCode = quarantined.length > 0 && code === EXIT.ok ? EXIT.failed : code
    })

  registerQueueCommands(program, ctx)
}

/** A job `ferry resume` leaves alone: it waits for the person, and says for what. */
function waitingLine(job: JobRecord): string {
  const why: Record<string, string> = {
    'needs-fixing': 'needs fixing first (ferry validate shows why)',
    'has-warnings': 'has warnings: upload it anyway from the app, or with ferry upload',
    ready: 'waits for Start in the app',
    paused: 'is paused: resume it in the app, or ferry queue retry'
  }
  return `${job.file.name} ${why[job.state] ?? `is ${job.state}`}; not uploaded now.`
}

export function jobSummary(job: JobRecord): Record<string, unknown> {
  return {
    id: job.id,
    file: job.file.path,
    state: job.state,
    bytes: job.file.size,
    sent: job.bytesSent,
    purpose: job.purpose,
    account: job.account.name,
    provider: job.account.provider,
    remote_id: job.remote?.id ?? null,
    error: job.error ?? null,
    created_at: Math.floor(job.createdAt / 1000)
  }
}

export function humanLine(job: JobRecord): string {
  const size = formatBytes(job.file.size)
  const detail = job.state === 'completed' ? job.remote?.id : job.error ? job.error.message : `${formatBytes(job.bytesSent)} of ${size}`
  return `${job.id}  ${job.state.padEnd(19)} ${job.file.name} (${size}) → ${job.account.name}: ${detail ?? ''}`
}

export type { Queue }
