// `ferry files ls|get|rm|download`: the remote files of an account.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Command } from 'commander'
import { asFerryError, FerryError } from '../../core/errors'
import type { ProviderAdapter, RemoteFile } from '../../core/providers/types'
import { download } from '../../host/downloads'
import { formatBytes } from '../../core/units'
import type { CliContext, TargetOptions } from '../context'
import { targetOptions } from '../options'
import { usageError } from '../usage'

interface FilesOptions extends TargetOptions {
  json?: boolean
  purpose?: string
  output?: string
  overwrite?: boolean
}

export function registerFiles(program: Command, ctx: CliContext): void {
  const files = program.command('files').description('Files already on the provider')

  targetOptions(files.command('ls'))
    .description('List files')
    .option('--purpose <purpose>', 'only files with this purpose')
    .option('--json', 'one JSON object per line')
    .action(async (opts: FilesOptions) => {
      const { adapter } = await ctx.target(opts)
      const list = await adapter.list({ purpose: opts.purpose })
      for (const f of list) process.stdout.write((opts.json ? JSON.stringify(fileJson(f)) : humanFile(f)) + '\n')
      if (!opts.json && list.length === 0) process.stdout.write('No files.\n')
    })

  targetOptions(files.command('get').argument('<id>'))
    .description('Show one file')
    .option('--json', 'as JSON')
    .action(async (id: string, opts: FilesOptions) => {
      const f = await (await ctx.target(opts)).adapter.retrieve(id)
      process.stdout.write((opts.json ? JSON.stringify(fileJson(f)) : humanFile(f)) + '\n')
    })

  targetOptions(files.command('rm').argument('<id...>'))
    .description('Delete files')
    .option('--json', 'one JSON object per line')
    .action(async (ids: string[], opts: FilesOptions) => {
      const { adapter } = await ctx.target(opts)
      for (const id of ids) {
        await adapter.remove(id)
        process.stdout.write(opts.json ? JSON.stringify({ id, deleted: true }) + '\n' : `Deleted ${id}\n`)
      }
    })

  targetOptions(files.command('download').argument('<id>'))
    .description('Download a file’s content')
    .option('--output <path>', 'a file, a folder to save into, or - for stdout (default: the file’s own name, made safe, here)')
    .option('--overwrite', 'replace a file already there (default: refuse)')
    .option('--json', 'as JSON')
    .action(async (id: string, opts: FilesOptions) => {
      const { adapter } = await ctx.target(opts)
      if (opts.output === '-') return toStdout(adapter, id, opts.json)
      const { path, bytes } = await download(adapter, id, opts.output ?? '.', { ifExists: opts.overwrite ? 'replace' : 'refuse' }).catch(hereWords)
      process.stdout.write(opts.json ? JSON.stringify({ id, path, bytes }) + '\n' : `Saved ${formatBytes(bytes)} to ${path}\n`)
    })
}

/** `--output -`: the content on stdout, saved whole in a private temp folder first so a broken transfer never passes for a file. */
async function toStdout(adapter: ProviderAdapter, id: string, json = false): Promise<void> {
  if (json) throw usageError('--output - writes the file itself to stdout; leave out --json.')
  const dir = await mkdtemp(join(tmpdir(), 'ferry-download-'))
  try {
    const { path } = await download(adapter, id, dir)
    // A reader that stops early (| head) is not a failure.
    await pipeline(createReadStream(path), process.stdout).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A file already there: say how to replace it from here. */
function hereWords(err: unknown): never {
  const e = asFerryError(err)
  if (e.code !== 'file_exists') throw e
  throw new FerryError(e.code, e.message, { hint: 'Add --overwrite to replace it, or choose another name with --output.', ...(e.params ? { params: e.params } : {}) })
}

export function fileJson(f: RemoteFile): Record<string, unknown> {
  return { id: f.id, filename: f.filename, bytes: f.bytes, purpose: f.purpose, created_at: f.createdAt, expires_at: f.expiresAt }
}

function humanFile(f: RemoteFile): string {
  const created = new Date(f.createdAt * 1000).toISOString().slice(0, 16).replace('T', ' ')
  const expires = f.expiresAt ? `, expires ${new Date(f.expiresAt * 1000).toISOString().slice(0, 10)}` : ''
  return `${f.id}  ${f.filename}  ${f.bytes === null ? '?' : formatBytes(f.bytes)}  ${f.purpose}  ${created}${expires}`
}
