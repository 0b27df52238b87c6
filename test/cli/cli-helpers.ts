// Runs the built `ferry` CLI as a real child process (so it can be killed with SIGKILL), with its own FERRY_HOME.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createAdapter } from '../../src/core/providers'
import type { RemoteFile } from '../../src/core/providers/types'
import type { Sandbox } from '../../src/core/sandbox'
import { onCleanup, sha256 } from '../helpers'

// FERRY_TEST_CLI runs the suite against another build (e.g. an older one, to see a test fail before its fix).
export const CLI = process.env.FERRY_TEST_CLI ?? join(process.cwd(), 'out/cli/ferry.mjs')

/** Builds the CLI bundle if a test run started without `npm run build:cli`. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) {
    const r = spawnSync('npm', ['run', '-s', 'build:cli'], { stdio: 'inherit' })
    if (r.status !== 0) throw new Error('could not build the CLI')
  }
}

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  events: Record<string, unknown>[]
}

export interface Running {
  child: ChildProcess
  events: Record<string, unknown>[]
  /** Resolves when an event matching `pred` arrives. */
  waitFor(pred: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  done: Promise<Run>
  /** What the process has written to stderr so far. */
  stderr(): string
}

/** `as`: run as another user (uid = gid), e.g. so that file permissions apply when the tests run as root. */
export function start(args: string[], env: Record<string, string>, as?: number): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, FERRY_KEYCHAIN: 'off', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as !== undefined ? { uid: as, gid: as } : {})
  })
  onCleanup(async () => void child.kill('SIGKILL'))
  const events: Record<string, unknown>[] = []
  const waiters: { pred: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = []
  let stdout = ''
  let stderr = ''
  let buf = ''
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d
    buf += d
    let nl
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      try {
        const e = JSON.parse(line) as Record<string, unknown>
        events.push(e)
        for (const w of [...waiters]) {
          if (!w.pred(e)) continue
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(e)
        }
      } catch {
        // human output
      }
    }
  })
  child.stderr!.on('data', (d: Buffer) => (stderr += d))
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, events })))
  return {
    child,
    events,
    done,
    stderr: () => stderr,
    waitFor: (pred) =>
      new Promise((resolve, reject) => {
        const found = events.find(pred)
        if (found) return resolve(found)
        waiters.push({ pred, resolve })
        void done.then(() => reject(new Error(`ferry exited before the awaited event; stderr: ${stderr.slice(-500)}`)))
      })
  }
}

export function ferry(args: string[], env: Record<string, string>): Promise<Run> {
  return start(args, env).done
}

/** The sandbox's files, as a client with `key` lists them. */
export async function listed(sandbox: Sandbox, key: string): Promise<RemoteFile[]> {
  return createAdapter({ id: 'x', name: 'x', provider: 'sandbox', baseUrl: sandbox.url }, key).list()
}

/** The sha256 of a file the sandbox stores, downloaded into `dir`. */
export async function remoteHash(sandbox: Sandbox, id: string, dir: string, key: string): Promise<string> {
  const dest = join(dir, `dl-${id}`)
  await createAdapter({ id: 'x', name: 'x', provider: 'sandbox', baseUrl: sandbox.url }, key).download(id, dest)
  return sha256(dest)
}
