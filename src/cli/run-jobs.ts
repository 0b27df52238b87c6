// Runs queued jobs in this process (holding the runner lock) and reports them, or follows them while another process runs the queue.
import { setTimeout as delay } from 'node:timers/promises'
import { acquireRunnerLock } from '../core/jobs/lock'
import type { Engine } from '../core/jobs/engine'
import type { JobRecord } from '../core/jobs/record'
import { isFinished } from '../shared/jobs'
import { formatBytes } from '../core/preflight'
import { Bars, formatDuration, type Output } from './output'
import { EXIT } from './usage'

export async function runJobs(engine: Engine, jobIds: string[] | undefined, out: Output, fileConcurrency = 1): Promise<number> {
  const got = await acquireRunnerLock(engine.home)
  if ('heldBy' in got) {
    out.say(`Another Ferry process (pid ${got.heldBy.pid}) is running the queue; it will upload these files.`)
    return jobIds ? follow(engine, jobIds, out) : EXIT.ok
  }
  const bars = new Bars(!out.json)
  const names = new Map<string, string>()
  const files = new Map<string, string>()
  engine.on('job', (job) => {
    names.set(job.id, job.file.name)
    files.set(job.id, job.file.path)
  })
  engine.on('progress', (p) => {
    out.event({ event: 'progress', file: files.get(p.jobId), job: p.jobId, sent: p.sent, total: p.total, speed: p.speed, eta: p.etaSeconds })
    bars.update(p.jobId, names.get(p.jobId) ?? p.jobId, p.sent, p.total, p.speed, p.etaSeconds)
  })
  engine.on('retry', (r) => {
    out.event({ event: 'retry', file: files.get(r.jobId), job: r.jobId, attempt: r.attempt, delayMs: r.delayMs, error: r.error })
    if (!out.json) bars.log(`${names.get(r.jobId)}: ${r.error.message} Trying again in ${formatDuration(r.delayMs / 1000)}.`)
  })

  let interrupted = false
  const stop = (): void => {
    interrupted = true
    engine.interruptAll()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  let results: JobRecord[]
  const startedAt = Date.now()
  try {
    results = await engine.run(jobIds, fileConcurrency)
    // This process holds the queue: files other processes added meanwhile are uploaded here too (they only count for their own exit).
    const handled = new Set(results.map((j) => j.id))
    for (;;) {
      if (interrupted) break
      const added = (await engine.store.all()).jobs.filter((j) => j.state === 'queued' && j.createdAt >= startedAt && !handled.has(j.id))
      if (added.length === 0) break
      added.forEach((j) => handled.add(j.id))
      await engine.run(added.map((j) => j.id), fileConcurrency)
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    bars.stop()
    await got.lock.release()
  }
  return report(results, out, interrupted)
}

function report(results: JobRecord[], out: Output, interrupted: boolean): number {
  let failed = 0
  let unfinished = 0
  for (const job of results) {
    if (job.state === 'completed' && job.remote) {
      out.event({ event: 'done', file: job.file.path, job: job.id, id: job.remote.id, bytes: job.file.size })
      out.say(`Uploaded ${job.file.name} (${formatBytes(job.file.size)}) as ${job.remote.id}${job.restarted ? ' — started again from the beginning: this provider can’t continue an interrupted upload' : ''}.`)
    } else if (job.state === 'failed' || job.state === 'key-needed') {
      failed++
      if (job.error) out.error(job.file.path, job.error)
    } else if (!isFinished(job.state)) unfinished++
  }
  if (interrupted || unfinished > 0) {
    out.say('Stopped. Run `ferry resume` to continue where it left off.')
    return failed > 0 ? EXIT.failed : EXIT.interrupted
  }
  return failed > 0 ? EXIT.failed : EXIT.ok
}

/** Another process holds the queue: watch its progress on disk until our jobs settle. */
async function follow(engine: Engine, jobIds: string[], out: Output): Promise<number> {
  for (;;) {
    const jobs = (await Promise.all(jobIds.map((id) => engine.store.load(id)))).filter((j): j is JobRecord => !!j)
    if (jobs.every((j) => isFinished(j.state) || j.state === 'key-needed' || j.state === 'paused')) return report(jobs, out, false)
    await delay(1000)
  }
}
