// `ferry files ls|get|rm|download`: the remote files of an account.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { RemoteFile } from '../../core/providers/types'
import { formatBytes } from '../../core/units'
import type { CliContext, TargetOptions } from '../context'
import { targetOptions } from '../options'

interface FilesOptions extends TargetOptions {
  json?: boolean
  purpose?: string
  output?: string
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
    .option('--output <path>', 'where to save it (default: the file’s name, here)')
    .option('--json', 'as JSON')
    .action(async (id: string, opts: FilesOptions) => {
      const { adapter } = await ctx.target(opts)
      const dest = resolve(opts.output ?? (await adapter.retrieve(id)).filename.replace(/[\\/]/g, '_'))
      const { bytes } = await adapter.download(id, dest)
      process.stdout.write(opts.json ? JSON.stringify({ id, path: dest, bytes }) + '\n' : `Saved ${formatBytes(bytes)} to ${dest}\n`)
    })
}

export function fileJson(f: RemoteFile): Record<string, unknown> {
  return { id: f.id, filename: f.filename, bytes: f.bytes, purpose: f.purpose, created_at: f.createdAt, expires_at: f.expiresAt }
}

function humanFile(f: RemoteFile): string {
  const created = new Date(f.createdAt * 1000).toISOString().slice(0, 16).replace('T', ' ')
  const expires = f.expiresAt ? `, expires ${new Date(f.expiresAt * 1000).toISOString().slice(0, 10)}` : ''
  return `${f.id}  ${f.filename}  ${f.bytes === null ? '?' : formatBytes(f.bytes)}  ${f.purpose}  ${created}${expires}`
}
