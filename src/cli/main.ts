// `ferry`: the engine from a terminal. Exit codes: 0 all done, 1 something failed, 2 usage error, 3 interrupted but resumable.
import { Command, CommanderError } from 'commander'
import { asFerryError } from '../core/errors'
import { CliContext } from './context'
import { registerAccounts } from './commands/accounts'
import { registerFiles } from './commands/files'
import { registerResume } from './commands/resume'
import { registerSandbox } from './commands/sandbox'
import { registerUpload } from './commands/upload'
import { registerValidate } from './commands/validate'
import { EXIT } from './usage'
import { keepRunning } from '../host/keep-running'

keepRunning()

const ctx = new CliContext()
const program = new Command('ferry')
  .description('Carry large datasets to AI providers’ Files APIs, resumably.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride()

registerUpload(program, ctx)
registerResume(program, ctx)
registerFiles(program, ctx)
registerAccounts(program, ctx)
registerValidate(program, ctx)
registerSandbox(program, () => ctx.home)

const json = process.argv.includes('--json')
try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage
  } else {
    const e = asFerryError(err)
    if (json) process.stdout.write(JSON.stringify({ event: 'failed', file: null, error: e.toInfo() }) + '\n')
    else process.stderr.write(`${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`)
    process.exitCode = e.code === 'usage' ? EXIT.usage : EXIT.failed
  }
} finally {
  await ctx.close().catch(() => undefined)
}
