// `ferry upload <file...>`: adds each file to the queue (refused at once if the provider would refuse it), then runs the queue
// until they are uploaded: checked first, resumable, and handed over if another Ferry process runs the queue.
import type { Command } from 'commander'
import { asFerryError } from '../../core/errors'
import { DEFAULT_PART_SIZE, MAX_PART_SIZE } from '../../core/transfer/part-plan'
import { checkFile } from '../../core/preflight'
import { FerryError } from '../../core/errors'
import type { CliContext, TargetOptions } from '../context'
import { makeOutput } from '../output'
import { positiveInt, positiveNumber, targetOptions } from '../options'
import { openCliQueue, runUntilIdle } from '../run-queue'
import { EXIT, usageError } from '../usage'

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
    .option('--part-size <MiB>', 'largest part for large files (at most 64; parts follow the link speed)', positiveNumber('--part-size'))
    .option('--concurrency <n>', 'parts sent at once per file', positiveInt('--concurrency'))
    .option('--speed-limit <MiB/s>', 'limit the upload speed', positiveNumber('--speed-limit'))
    .option('--force', 'upload even if the content check finds errors')
    .option('--json', 'one JSON object per line')
    .action(async (paths: string[], opts: UploadOptions) => {
      if (!opts.purpose) throw usageError('Say what the files are for: --purpose fine-tune, batch, evals, …')
      const partSize = opts.partSize !== undefined ? Math.floor(opts.partSize * 1024 * 1024) : DEFAULT_PART_SIZE
      if (!(partSize > 0 && partSize <= MAX_PART_SIZE)) {
        throw new FerryError('part_size_invalid', 'The part size must be more than 0 and at most 64 MB.', { hint: 'Use --part-size 64 or less.' })
      }
      const out = makeOutput(!!opts.json)
      const target = await ctx.target(opts)
      for (const n of ctx.notices.splice(0)) out.say(n)
      const queue = openCliQueue(ctx, opts.speedLimit ? { speedLimitMiB: opts.speedLimit } : {})
      const jobIds: string[] = []
      let refused = 0
      for (const path of paths) {
        try {
          // What the provider refuses whatever the content (missing, empty, too large, wrong type) never enters the queue.
          await checkFile(path, opts.purpose, target.adapter, opts.expiresAfter)
          const job = await queue.add({
            path,
            account: target.account,
            purpose: opts.purpose,
            partSize,
            // Asked at the terminal: warnings are shown, not waited on; --force sends a file with errors too.
            uploadAnyway: opts.force ? 'errors' : 'warnings',
            ...(opts.expiresAfter !== undefined ? { expiresAfterSeconds: opts.expiresAfter } : {}),
            ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {})
          })
          jobIds.push(job.id)
          out.event({ event: 'queued', file: path, job: job.id, bytes: job.file.size })
        } catch (err) {
          refused++
          out.error(path, asFerryError(err).toInfo())
        }
      }
      const code = jobIds.length > 0 ? await runUntilIdle(queue, jobIds, out, { dropRefused: true }) : EXIT.ok
      process.exitCode = refused > 0 && code === EXIT.ok ? EXIT.failed : code
    })
}
