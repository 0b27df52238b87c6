// `ferry queue [ls]` and `ferry queue rm|cancel|retry <job...>`, `ferry queue clear --finished`: the queue from a terminal, the
// same queue the app shows. When another Ferry process runs the queue, the command is sent to it and this one waits to see it done.
import type { Command } from 'commander'
import { setTimeout as delay } from 'node:timers/promises'
import { FerryError } from '../../core/errors'
import { isFinished } from '../../shared/lifecycle'
import type { Command as QueueCommand } from '../../core/jobs/inbox'
import type { Queue } from '../../core/jobs/queue'
import type { JobRecord } from '../../core/jobs/record'
import type { CliContext } from '../context'
import { makeOutput, type Output } from '../output'
import { openCliQueue, tellQuarantined } from '../run-queue'
import { EXIT, usageError } from '../usage'
import { humanLine, jobSummary } from './resume'

const VERBS = { rm: 'remove', cancel: 'cancel', retry: 'retry' } as const
/** How long to wait for the process running the queue to act on a command (it reads its inbox every second). */
const WAIT_MS = 15_000

export function registerQueueCommands(program: Command, ctx: CliContext): void {
  program
    .command('queue')
    .description('List upload jobs; rm | cancel | retry <job...>; clear --finished')
    .argument('[action]', 'ls (default), rm, cancel, retry, clear')
    .argument('[jobs...]', 'job ids (or their first characters), as ferry queue lists them')
    .option('--finished', 'with clear: every finished job (uploaded, failed, cancelled)')
    .option('--older-than <hours>', 'with clear: only jobs finished more than this many hours ago')
    .option('--json', 'one JSON object per line')
    .action(async (action: string | undefined, ids: string[], opts: { json?: boolean; finished?: boolean; olderThan?: string }) => {
      const out = makeOutput(!!opts.json)
      if (!action || action === 'ls') return list(ctx, out)
      if (action === 'clear') {
        if (!opts.finished) throw usageError('Say what to clear: ferry queue clear --finished')
        const hours = opts.olderThan === undefined ? 0 : Number(opts.olderThan)
        if (!(hours >= 0)) throw usageError('--older-than takes a number of hours, e.g. 24.')
        const cutoff = Date.now() - hours * 3600_000
        // Done when no finished job of that age is left.
        const cleared = (q: Queue): boolean => !q.list().some((j) => isFinished(j.state) && j.updatedAt <= cutoff)
        return change(ctx, out, [], () => [{ verb: 'clearFinished', olderThanMs: hours * 3600_000 }], cleared)
      }
      const verb = VERBS[action as keyof typeof VERBS]
      if (!verb) throw usageError(`Unknown queue action "${action}". Use ls, rm, cancel, retry or clear.`)
      if (ids.length === 0) throw usageError(`Say which jobs: ferry queue ${action} <job...> (ferry queue lists them).`)
      return change(ctx, out, ids, (jobs) => jobs.map((job) => ({ verb, jobId: job.id })))
    })
}

async function list(ctx: CliContext, out: Output): Promise<void> {
  const { jobs, quarantined } = await openCliQueue(ctx, { passive: true }).store.all()
  tellQuarantined(quarantined, out)
  for (const job of jobs) process.stdout.write((out.json ? JSON.stringify(jobSummary(job)) : humanLine(job)) + '\n')
  if (!out.json && jobs.length === 0) process.stdout.write('The queue is empty.\n')
  if (quarantined.length > 0) process.exitCode = EXIT.failed
}

/** Opens the queue without running it, carries out (or sends) the commands, and reports each job as it ends up. */
async function change(
  ctx: CliContext,
  out: Output,
  ids: string[],
  commands: (jobs: JobRecord[]) => QueueCommand[],
  cleared?: (queue: Queue) => boolean
): Promise<void> {
  const queue = openCliQueue(ctx, { passive: true })
  try {
    const { heldBy } = await queue.open()
    const jobs = ids.map((id) => find(queue, id))
    const before = new Map(queue.list().map((j) => [j.id, j.updatedAt]))
    let failed = 0
    for (const c of commands(jobs)) {
      try {
        await queue.command(c)
      } catch (err) {
        failed++
        out.error('jobId' in c ? c.jobId : null, err instanceof FerryError ? err.toInfo() : { code: 'internal', message: String(err), hint: '' })
      }
    }
    if (heldBy) {
      out.say(`Sent to the Ferry process running the queue (pid ${heldBy.pid}).`)
      // A job command shows as a new version of the job (or its end).
      const acted = (): boolean => cleared?.(queue) ?? jobs.every((j) => queue.get(j.id)?.updatedAt !== before.get(j.id))
      for (const until = Date.now() + WAIT_MS; !acted() && Date.now() < until; ) await delay(250)
    }
    for (const job of jobs) {
      const now = queue.get(job.id)
      out.event(now ? jobSummary(now) : { id: job.id, file: job.file.path, state: 'removed' })
      out.say(now ? humanLine(now) : `${job.id}  removed            ${job.file.name}`)
    }
    if (jobs.length === 0) out.say(`${before.size - queue.list().length} finished job(s) cleared.`)
    process.exitCode = failed > 0 ? EXIT.failed : EXIT.ok
  } finally {
    await queue.close()
  }
}

/** A job by its id or the first characters of it, as `ferry queue` prints them. */
function find(queue: Queue, id: string): JobRecord {
  const exact = queue.get(id)
  if (exact) return exact
  const matches = queue.list().filter((j) => j.id.startsWith(id))
  if (matches.length === 1) return matches[0]!
  throw new FerryError('job_not_found', matches.length > 1 ? `"${id}" matches ${matches.length} jobs.` : `There is no job "${id}" in the queue.`, {
    hint: matches.length > 1 ? 'Give more of the id.' : 'See the jobs with: ferry queue'
  })
}
