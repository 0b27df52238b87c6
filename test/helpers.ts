// Shared test helpers: temp dirs cleaned after each test, real files on disk, hashes, and an engine wired to a provider.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { Engine, type EnqueueInput } from '../src/core/jobs/engine'
import { createAdapter } from '../src/core/providers'
import { startSandbox, type Sandbox } from '../src/core/sandbox'
import { startFaultProxy, type FaultProxy } from './doubles/faults'
import type { AccountConfig, ProviderAdapter } from '../src/core/providers/types'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined)
})

export function onCleanup(fn: () => Promise<unknown>): void {
  cleanups.push(fn)
}

export async function tempDir(prefix = 'ferry-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  onCleanup(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A file of `size` random bytes (JSONL-looking lines are not needed by the transfer tests). */
export async function randomFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name)
  const fh = await open(path, 'w')
  for (let off = 0; off < size; off += 1 << 20) await fh.write(randomBytes(Math.min(1 << 20, size - off)))
  await fh.close()
  return path
}

/** A sparse file: `size` bytes on paper, almost nothing on disk — cheap over-limit tests. */
export async function sparseFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, '')
  const fh = await open(path, 'r+')
  await fh.truncate(size)
  await fh.close()
  return path
}

export async function sha256(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const c of createReadStream(path)) h.update(c as Buffer)
  return h.digest('hex')
}

/** The sandbox on 127.0.0.1 (files under `dir/sandbox`) with a fault-injecting proxy in front; both closed after the test. */
export async function sandboxBehindProxy(dir: string): Promise<{ sandbox: Sandbox; proxy: FaultProxy }> {
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox') })
  onCleanup(() => sandbox.close())
  const proxy = await startFaultProxy(sandbox.url)
  onCleanup(() => proxy.close())
  return { sandbox, proxy }
}

export function account(provider: AccountConfig['provider'], baseUrl: string, extra: Partial<AccountConfig> = {}): AccountConfig {
  return { id: `adhoc-${provider}`, name: provider, provider, baseUrl, ...extra }
}

/** An engine whose every job uses `adapter`. */
export function engineFor(home: string, adapter: ProviderAdapter): Engine {
  return new Engine({ home, resolve: async () => ({ adapter }), progressIntervalMs: 0 })
}

export async function uploadOnce(
  home: string,
  acct: AccountConfig,
  key: string,
  input: Omit<EnqueueInput, 'account'>
): Promise<{ engine: Engine; adapter: ProviderAdapter; jobId: string }> {
  const adapter = createAdapter(acct, key)
  const engine = engineFor(home, adapter)
  const job = await engine.enqueue({ ...input, account: acct }, adapter)
  await engine.run([job.id])
  return { engine, adapter, jobId: job.id }
}
