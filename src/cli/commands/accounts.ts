// `ferry accounts add|ls|rm`: saved accounts under FERRY_HOME; keys go to the OS keychain, never to a file.
import { Option, type Command } from 'commander'
import { osKeychain } from '../../core/accounts/keychain'
import { FerryError } from '../../core/errors'
import { keyFingerprint } from '../../core/providers'
import { PROVIDER_IDS, type AccountConfig } from '../../core/providers/types'
import type { CliContext } from '../context'
import { canPrompt, promptHidden } from '../prompt'
import { usageError } from '../usage'

interface AddOptions {
  provider: AccountConfig['provider']
  baseUrl?: string
  folderId?: string
  organization?: string
  project?: string
  header?: string[]
  auth?: AccountConfig['authScheme']
  uploads?: boolean
  keyStdin?: boolean
  json?: boolean
}

export function registerAccounts(program: Command, ctx: CliContext): void {
  const accounts = program.command('accounts').description('Saved accounts (several per provider)')

  accounts
    .command('add')
    .argument('<name>')
    .description('Save an account; its key comes from FERRY_API_KEY or --key-stdin')
    .addOption(new Option('--provider <id>', 'the provider').choices([...PROVIDER_IDS]).makeOptionMandatory())
    .option('--base-url <url>', 'API root including /v1')
    .option('--folder-id <id>', 'Yandex Cloud folder id')
    .option('--organization <id>', 'OpenAI-Organization header')
    .option('--project <id>', 'OpenAI-Project header')
    .option('--header <name=value...>', 'extra headers the provider needs')
    .addOption(new Option('--auth <scheme>', 'how the key is sent (compatible providers)').choices(['bearer', 'api-key', 'api-key-header']))
    .option('--uploads', 'the server supports the OpenAI Uploads API (compatible providers)')
    .option('--key-stdin', 'read the key from standard input')
    .option('--json', 'as JSON')
    .action(async (name: string, opts: AddOptions) => {
      const key = opts.keyStdin
        ? (await readStdin()).trim()
        : process.env.FERRY_API_KEY || (opts.provider !== 'sandbox' && canPrompt() ? await promptHidden(`API key for "${name}" (not shown as you type): `) : undefined)
      if (!key && opts.provider !== 'sandbox') throw usageError('Give the key: type it when asked, set FERRY_API_KEY, or pipe it with --key-stdin.')
      const headers = Object.fromEntries(
        (opts.header ?? []).map((h) => {
          const i = h.indexOf('=')
          if (i <= 0) throw usageError(`--header needs name=value, got "${h}".`)
          return [h.slice(0, i), h.slice(i + 1)]
        })
      )
      const account = ctx.accounts().add({
        name,
        provider: opts.provider,
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        ...(opts.folderId ? { folderId: opts.folderId } : {}),
        ...(opts.organization ? { organization: opts.organization } : {}),
        ...(opts.project ? { project: opts.project } : {}),
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(opts.auth ? { authScheme: opts.auth } : {}),
        ...(opts.uploads ? { supportsUploads: true } : {}),
        ...(key ? { keyFingerprint: keyFingerprint(key) } : {})
      })
      const stored = key ? await osKeychain.set(account.id, key) : false
      if (opts.json) process.stdout.write(JSON.stringify({ ...account, keyStored: stored }) + '\n')
      else {
        process.stdout.write(`Added "${name}" (${account.provider}).\n`)
        if (key && !stored) {
          process.stderr.write('No system keychain is available here, so the key was not saved. Set FERRY_API_KEY to it when you use this account.\n')
        } else if (stored) process.stderr.write('The key is saved in the system keychain.\n')
      }
    })

  accounts
    .command('ls')
    .description('List accounts')
    .option('--json', 'one JSON object per line')
    .action((opts: { json?: boolean }) => {
      const all = ctx.accounts().all()
      for (const a of all) {
        if (opts.json) process.stdout.write(JSON.stringify(a) + '\n')
        else process.stdout.write(`${a.name}  ${a.provider}${a.baseUrl ? '  ' + a.baseUrl : ''}\n`)
      }
      if (!opts.json && all.length === 0) process.stdout.write('No accounts yet. Add one with: ferry accounts add <name> --provider <id>\n')
      for (const n of ctx.notices.splice(0)) process.stderr.write(n + '\n')
    })

  accounts
    .command('rm')
    .argument('<name>')
    .description('Remove an account and its saved key')
    .action(async (name: string) => {
      const account = ctx.accounts().remove(name)
      await osKeychain.delete(account.id)
      process.stdout.write(`Removed "${account.name}".\n`)
    })
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new FerryError('usage', 'Pipe the key in, e.g. `pbpaste | ferry accounts add … --key-stdin`.', { hint: '' })
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
