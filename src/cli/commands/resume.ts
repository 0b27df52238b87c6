// `ferry resume`: continues every unfinished job at its first unfinished step; `ferry queue`: lists jobs and their states.
import type { Command } from 'commander'
import { Engine } from '../../core/jobs/engine'
import type { JobRecord } from '../../core/jobs/record'
import type { QuarantinedFile } from '../../core/jobs/store'
import { formatBytes } from '../../core/preflight'
import { UNFINISHED_STATES } from '../../shared/jobs'
import type { CliContext } from '../context'
import { makeOutput, type Output } from '../output'
import { runJobs } from '../run-jobs'
import { EXIT } from '../usage'
import { positiveNumber } from '../options'

export function registerResume(program: Command, ctx: CliContext): void {
  program
    .command('resume')
    .description('Continue every unfinished upload where it stopped')
    .option('--speed-limit <MiB/s>', 'limit the upload speed', positiveNumber('--speed-limit'))
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean; speedLimit?: number }) => {
      const out = makeOutput(!!opts.json)
      const engine = new Engine({ home: ctx.home, resolve: ctx.resolver, ...(opts.speedLimit ? { bandwidthLimit: opts.speedLimit * 1024 * 1024 } : {}) })
      const { jobs, quarantined } = await engine.store.all()
      tellQuarantined(quarantined, out)
      const pending = jobs.filter((j) => UNFINISHED_STATES.includes(j.state))
      if (pending.length === 0) {
        out.say('Nothing to resume: every upload has finished.')
        process.exitCode = quarantined.length > 0 ? EXIT.failed : EXIT.ok
        return
      }
      out.say(`Resuming ${pending.length} upload${pending.length === 1 ? '' : 's'}.`)
      const code = await runJobs(engine, pending.map((j) => j.id), out)
      for (const n of ctx.notices.splice(0)) out.say(n)
      process.exitCode = quarantined.length > 0 && code === EXIT.ok ? EXIT.failed : code
    })

  program
    .command('queue')
    .description('List upload jobs and their states')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      const out = makeOutput(!!opts.json)
      const { jobs, quarantined } = await new Engine({ home: ctx.home, resolve: ctx.resolver }).store.all()
      tellQuarantined(quarantined, out)
      for (const job of jobs) {
        if (out.json) process.stdout.write(JSON.stringify(jobSummary(job)) + '\n')
        else process.stdout.write(humanLine(job) + '\n')
      }
      if (!out.json && jobs.length === 0) process.stdout.write('The queue is empty.\n')
      if (quarantined.length > 0) process.exitCode = EXIT.failed
    })
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

function humanLine(job: JobRecord): string {
  const size = formatBytes(job.file.size)
  const detail = job.state === 'completed' ? job.remote?.id : job.error ? job.error.message : `${formatBytes(job.bytesSent)} of ${size}`
  return `${job.state.padEnd(19)} ${job.file.name} (${size}) → ${job.account.name}: ${detail ?? ''}`
}

function tellQuarantined(list: QuarantinedFile[], out: Output): void {
  for (const q of list) {
    out.event({ event: 'recovered', file: q.file, movedTo: q.movedTo, reason: q.reason })
    out.say(`A saved upload could not be read because ${q.reason}. It was moved aside to ${q.movedTo} (nothing was deleted). Add that file again with ferry upload.`)
  }
}
