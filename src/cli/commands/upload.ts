// `ferry upload <file...>`: checks each file, queues it, and uploads it (resumably) in this process.
import type { Command } from 'commander'
import { asFerryError } from '../../core/errors'
import { Engine } from '../../core/jobs/engine'
import type { CliContext, TargetOptions } from '../context'
import { makeOutput } from '../output'
import { positiveInt, positiveNumber, targetOptions } from '../options'
import { runJobs } from '../run-jobs'
import { EXIT, usageError } from '../usage'
import { checkContent } from '../content-check'

interface UploadOptions extends TargetOptions {
  purpose?: string
  expiresAfter?: number
  partSize?: number
  concurrency?: number
  force?: boolean
  speedLimit?: number
  json?: boolean
}

export function registerUpload(program: Command, ctx: CliContext): void {
  targetOptions(program.command('upload').argument('<file...>'))
    .description('Upload files, resumably (checks them first)')
    .option('--purpose <purpose>', 'fine-tune | batch | evals | assistants | vision | user_data …')
    .option('--expires-after <seconds>', 'delete the file after this many seconds (3600–2592000)', positiveInt('--expires-after'))
    .option('--part-size <MiB>', 'size of each part for large files (at most 64)', positiveNumber('--part-size'))
    .option('--concurrency <n>', 'parts sent at once per file', positiveInt('--concurrency'))
    .option('--speed-limit <MiB/s>', 'limit the upload speed', positiveNumber('--speed-limit'))
    .option('--force', 'upload even if the content check finds errors')
    .option('--json', 'one JSON object per line')
    .action(async (paths: string[], opts: UploadOptions) => {
      if (!opts.purpose) throw usageError('Say what the files are for: --purpose fine-tune, batch, evals, …')
      const out = makeOutput(!!opts.json)
      const target = await ctx.target(opts)
      for (const n of ctx.notices.splice(0)) out.say(n)
      const engine = new Engine({ home: ctx.home, resolve: ctx.resolver, ...(opts.speedLimit ? { bandwidthLimit: opts.speedLimit * 1024 * 1024 } : {}) })
      const jobIds: string[] = []
      let refused = 0
      for (const path of paths) {
        try {
          if (!(await checkContent(path, opts.purpose, target.account.provider, !!opts.force, out))) {
            refused++
            continue
          }
          const job = await engine.enqueue(
            {
              path,
              account: target.account,
              purpose: opts.purpose,
              ...(opts.expiresAfter !== undefined ? { expiresAfterSeconds: opts.expiresAfter } : {}),
              ...(opts.partSize !== undefined ? { partSize: Math.round(opts.partSize * 1024 * 1024) } : {}),
              ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {})
            },
            target.adapter
          )
          jobIds.push(job.id)
          out.event({ event: 'queued', file: path, job: job.id, bytes: job.file.size })
        } catch (err) {
          refused++
          out.error(path, asFerryError(err).toInfo())
        }
      }
      const code = jobIds.length > 0 ? await runJobs(engine, jobIds, out) : EXIT.ok
      process.exitCode = refused > 0 && code === EXIT.ok ? EXIT.failed : code
    })
}
