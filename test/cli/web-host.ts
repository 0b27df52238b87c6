// The browser host (`out/cli/web.mjs`, or the one beside FERRY_TEST_CLI) as a real child process on its own FERRY_HOME, with a
// stand-in page, and its API over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { onCleanup, tempDir } from '../helpers'
import { CLI } from './cli-helpers'

export const WEB = join(dirname(CLI), 'web.mjs')

export interface WebHost {
  proc: ChildProcess
  port: number
  token: string
  stderr(): string
  /** POST /api/<verb>: the HTTP status and the Result it answered. */
  call<T = unknown>(verb: string, input?: unknown): Promise<{ status: number; ok: boolean; value: T; error: { code: string; message: string; hint: string } }>
  stop(signal?: NodeJS.Signals): Promise<void>
}

/** Starts the host and waits for its "Ferry web:" line; rejects with its stderr when it exits instead. */
export async function startWebHost(home: string, env: Record<string, string> = {}): Promise<WebHost> {
  const renderer = join(await tempDir(), 'renderer')
  await mkdir(renderer, { recursive: true })
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Ferry</title>')
  const proc = spawn(process.execPath, [WEB, '--port', '0', '--renderer', renderer], {
    env: { ...process.env, FERRY_HOME: home, FERRY_KEYCHAIN: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  onCleanup(async () => void proc.kill('SIGKILL'))
  let stderr = ''
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const url = await new Promise<URL>((done, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`the web host did not start: ${stderr}`)), 30_000)
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /Ferry web: (\S+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      done(new URL(m[1]!))
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`the web host exited (${code}): ${stderr}`))
    })
  })
  const port = Number(url.port)
  const token = url.searchParams.get('token') ?? ''
  return {
    proc,
    port,
    token,
    stderr: () => stderr,
    async call(verb, input = {}) {
      const res = await fetch(`http://127.0.0.1:${port}/api/${verb}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ferry-token': token },
        body: JSON.stringify(input)
      })
      return { status: res.status, ...((await res.json()) as { ok: boolean; value: never; error: never }) }
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      const exited = new Promise<void>((done) => proc.once('exit', () => done()))
      proc.kill(signal)
      await exited
    }
  }
}
