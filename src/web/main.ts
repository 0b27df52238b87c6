// `npm run web`: Ferry in a normal browser. Serves the built renderer and the same handlers as the app over HTTP + SSE on
// 127.0.0.1, against FERRY_HOME, with the built-in sandbox; prints "Ferry web: http://127.0.0.1:PORT/?token=…" when ready.
import { randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ferryHome } from '../core/home'
import { httpProbe } from '../core/jobs/connectivity'
import { createHandlers } from '../host/handlers'
import { confFactory } from '../host/stores'
import { MemoryVault } from '../host/vault'
import { keepRunning } from '../host/keep-running'
import { startWebServer } from './server'

interface Args {
  port: number
  renderer: string
}

function parseArgs(argv: string[]): Args {
  const here = dirname(fileURLToPath(import.meta.url))
  const args: Args = { port: 0, renderer: resolve(here, '../renderer') }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) fail(`${a} needs a value.`)
      return v
    }
    if (a === '--port') {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 0 || n > 65535) fail('--port must be a number from 0 to 65535 (0 = any free port).')
      args.port = n
    } else if (a === '--renderer') args.renderer = resolve(value())
    else fail(`Unknown option ${a}. Use --port N (0 = any free port).`)
  }
  return args
}

function fail(message: string): never {
  process.stderr.write(`ferry web: ${message}\n`)
  process.exit(2)
}

/** The interface is built once (electron-vite) when out/renderer is missing; its output goes to stderr. */
function ensureRenderer(dir: string): void {
  if (existsSync(join(dir, 'index.html'))) return
  process.stderr.write('Building the interface (out/renderer is missing)…\n')
  const bin = createRequire(import.meta.url).resolve('electron-vite/bin/electron-vite.js')
  const r = spawnSync(process.execPath, [bin, 'build'], { stdio: ['ignore', process.stderr, process.stderr] })
  if (r.status !== 0 || !existsSync(join(dir, 'index.html'))) fail('The interface could not be built; run `npx electron-vite build` to see why.')
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  ensureRenderer(args.renderer)
  const diskFull = Number(process.env.FERRY_FAULT_DISK_FULL_AFTER_BYTES)
  const handlers = await createHandlers({
    home: ferryHome(),
    // The browser host never writes keys to disk: they live in this process until it ends (docs/HOSTS.md).
    vault: new MemoryVault(process.env.FERRY_NO_KEYRING !== '1'),
    makeStore: confFactory,
    probe: httpProbe(),
    samplesDir: fileURLToPath(new URL('../../resources/samples', import.meta.url)),
    ...(Number.isFinite(diskFull) && diskFull >= 0 ? { faults: { diskFullAfterBytes: diskFull } } : {})
  })
  const token = randomBytes(24).toString('base64url')
  const server = await startWebServer({ handlers, rendererDir: args.renderer, token, port: args.port })
  process.stdout.write(`Ferry web: ${server.url}\n`)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    // Uploads stop where they are and continue at the next start.
    await server.close()
    await handlers.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

keepRunning()
void main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)))
