// The CLI as one host of the queue: opens it (running it, or following the process that does and taking over if that one
// stops), shows progress, waits until the jobs asked for need nothing more, and reports each of them.
import { setTimeout as delay } from 'node:timers/promises'
import { defaultContentCheck } from '../core/jobs/content-check'
import { Queue } from '../core/jobs/queue'
import type { JobRecord } from '../core/jobs/record'
import type { QuarantinedFile } from '../core/jobs/store'
import { limitsAdapter } from '../core/providers'
import { formatBytes, formatDuration } from '../core/units'
import { EventThrottle } from '../host/events'
import { confFactory } from '../host/stores'
import { SettingsStore } from '../host/settings'
import { isFinished, waitsForUser } from '../shared/lifecycle'
import { fillFinding } from '../shared/locale/fill'
import { formatReport } from './commands/validate'
import type { CliContext } from './context'
import { Bars, type Output } from './output'
import { EXIT } from './usage'

/** The queue of FERRY_HOME as the app's settings shape it (uploads at once, auto-start), so it runs alike in every host. */
export function openCliQueue(ctx: CliContext, opts: { speedLimitMiB?: number; passive?: boolean } = {}): Queue {
  const settings = SettingsStore.open(confFactory, ctx.home).settings.get()
  return new Queue({
    home: ctx.home,
    resolve: ctx.resolver,
    limitsFor: async (account) => limitsAdapter(account),
    check: defaultContentCheck(),
    concurrency: () => settings.concurrency,
    autoStart: () => settings.autoStart,
    ...(opts.passive ? { passive: true } : {}),
    ...(opts.speedLimitMiB ? { bandwidthLimit: opts.speedLimitMiB * 1024 * 1024 } : {})
  })
}

/** Runs (or follows) the queue until the jobs `ids` need nothing more; reports each. Returns the exit code. */
export async function runUntilIdle(queue: Queue, ids: string[], out: Output, opts: { dropRefused?: boolean } = {}): Promise<number> {
  const bars = new Bars(!out.json)
  // --json: at most a few lines a second per file, the latest figure always going out (a stalled upload shows where it stopped).
  const lines = new EventThrottle((e) => {
    if (e.type !== 'progress') return
    const job = queue.get(e.jobId)
    out.event({ event: 'progress', file: job?.file.path, job: e.jobId, sent: e.sent, total: e.total, speed: e.speed, eta: e.etaSeconds })
  })
  queue.on('progress', (p) => {
    const job = queue.get(p.jobId)
    if (!job) return
    bars.update(p.jobId, job.file.name, p.sent, p.total, p.speed, p.etaSeconds)
    if (out.json) lines.push({ type: 'progress', jobId: p.jobId, sent: p.sent, total: p.total, speed: p.speed, etaSeconds: p.etaSeconds })
  })
  queue.on('retry', (r) => {
    const job = queue.get(r.jobId)
    out.event({ event: 'retry', file: job?.file.path, job: r.jobId, attempt: r.attempt, delayMs: r.delayMs, error: r.error })
    if (!out.json) bars.log(`${job?.file.name}: ${r.error.message} Trying again in ${formatDuration(r.delayMs / 1000)}.`)
  })
  queue.on('renewed', (r) => {
    const job = queue.get(r.jobId)
    out.event({ event: 'restarted', file: job?.file.path, job: r.jobId, reason: r.what })
    const why = r.what === 'session_expired' ? 'the provider’s upload window closed' : 'the provider’s upload link ran out'
    if (!out.json) bars.log(`${job?.file.name}: Restarted: ${why}. Sending the file again.`)
  })
  // The check passed and the transfer began: a line for programs timing or logging the upload itself.
  const started = new Set<string>()
  queue.on('job', (job) => {
    if (job.state !== 'uploading' || started.has(job.id) || !ids.includes(job.id)) return
    started.add(job.id)
    out.event({ event: 'started', file: job.file.path, job: job.id, resumedFrom: job.bytesSent })
  })
  queue.on('role', (role) => {
    if (role === 'runner') out.say('The other Ferry process stopped; this one carries on with the queue.')
  })

  let interrupted = false
  const stop = (): void => {
    if (interrupted) return queue.hurry()
    interrupted = true
    out.say('Stopping: letting parts that are nearly sent finish (Ctrl-C again to stop at once)…')
    void queue.close()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  try {
    const { heldBy, quarantined } = await queue.open()
    tellQuarantined(quarantined, out)
    if (heldBy) out.say(`Another Ferry process (pid ${heldBy.pid}) is running the queue; it will upload these files. This one follows it.`)
    while (!interrupted && !queue.idle(ids)) await delay(200)
    // Stopped by Ctrl-C: the states to report are the ones the runs end in, once their last requests have finished.
    if (interrupted) await queue.close()
    const code = await report(queue, ids, out, interrupted)
    // A file the check refused is reported, and not left waiting in the queue for a fix nobody asked for here.
    if (opts.dropRefused && !interrupted) for (const id of ids) if (queue.get(id)?.state === 'needs-fixing') await queue.command({ verb: 'remove', jobId: id })
    return code
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    await queue.close()
    lines.close()
    bars.stop()
  }
}

async function report(queue: Queue, ids: string[], out: Output, interrupted: boolean): Promise<number> {
  let failed = 0
  let unfinished = 0
  for (const id of ids) {
    const job = queue.get(id)
    if (!job) continue
    if (job.state === 'completed' && job.remote) {
      out.event({ event: 'done', file: job.file.path, job: job.id, id: job.remote.id, bytes: job.file.size })
      out.say(`Uploaded ${job.file.name} (${formatBytes(job.file.size)}) as ${job.remote.id}${job.restarted ? ' — started again from the beginning: this provider can’t continue an interrupted upload' : ''}.`)
    } else if (job.state === 'needs-fixing') {
      failed++
      await tellProblems(queue, job, out)
    } else if (job.state === 'paused') {
      unfinished++
      out.event({ event: 'paused', file: job.file.path, job: job.id, sent: job.bytesSent })
      out.say(`${job.file.name} was paused (${formatBytes(job.bytesSent)} of ${formatBytes(job.file.size)} are at the provider). Resume it in the app, or with: ferry queue retry ${job.id}`)
    } else if (job.state === 'failed' || job.state === 'key-needed') {
      failed++
      if (job.error) out.error(job.file.path, job.error)
    } else if (!isFinished(job.state) && !waitsForUser(job.state)) unfinished++
  }
  if (interrupted || unfinished > 0) {
    out.say('Stopped. Run `ferry resume` to continue where it left off.')
    return failed > 0 ? EXIT.failed : EXIT.interrupted
  }
  return failed > 0 ? EXIT.failed : EXIT.ok
}

/** A file the check refused: its report on stderr, then the one-line reason. */
async function tellProblems(queue: Queue, job: JobRecord, out: Output): Promise<void> {
  const report = await queue.report(job.id)
  if (report && !out.json) process.stderr.write(formatReport(report))
  // The figure the app's row and panel show: lines with problems, each once; whole-file problems in their own words.
  const lines = job.check?.errorLines ?? job.check?.errors ?? 0
  const why =
    lines > 0 || !job.error
      ? fillFinding('{n} {n:line has|lines have} problems that {name} won’t accept.', { n: lines, name: job.account.name })
      : job.error.message
  out.error(job.file.path, {
    code: job.error?.code === 'needs_fixing' || !job.error ? 'invalid_content' : job.error.code,
    message: job.check?.refused && job.error ? job.error.message : `Not uploaded: ${why}`,
    hint: job.check?.refused && job.error ? job.error.hint : `Fix the lines listed (ferry validate ${job.file.path} --purpose ${job.purpose} shows them all), or add --force to upload anyway.`
  })
}

/** Queue files that could not be read and were moved aside: said, with where they went. */
export function tellQuarantined(list: QuarantinedFile[], out: Output): void {
  for (const q of list) {
    out.event({ event: 'recovered', file: q.file, movedTo: q.movedTo, reason: q.reason })
    out.say(`A saved upload could not be read because ${q.reason}. It was moved aside to ${q.movedTo} (nothing was deleted). Add that file again with ferry upload.`)
  }
}
