// `ferry sandbox [--port n]`: runs the built-in local Files server in the foreground until SIGINT/SIGTERM.
import { join } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { startSandbox } from '../../core/sandbox'

function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number between 0 and 65535 (0 = any free port)')
  }
  return port
}

export function registerSandbox(program: Command, homeDir: () => string): void {
  program
    .command('sandbox')
    .description('Run the local sandbox Files server (OpenAI-compatible) for trying Ferry without an account')
    .option('--port <n>', 'port to listen on (0 = any free port)', parsePort, 0)
    .action(async (options: { port: number }) => {
      const sandbox = await startSandbox({ dir: join(homeDir(), 'sandbox'), port: options.port })
      // Scripts and tests wait for exactly this line to learn the URL.
      process.stdout.write(`Ferry sandbox: ${sandbox.url}\n`)
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          resolve()
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      await sandbox.close()
      process.exitCode = 0
    })
}
