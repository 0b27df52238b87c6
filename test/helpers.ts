// Shared test helpers: temp dirs cleaned after each test, real files on disk, hashes, and an engine wired to a provider.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { Queue, type QueueEvents, type QueueOptions } from '../src/core/jobs/queue'
import type { JobRecord } from '../src/core/jobs/record'
import type { JobStore } from '../src/core/jobs/store'
import { checkFile } from '../src/core/preflight'
import { DEFAULT_PART_SIZE } from '../src/core/transfer/part-plan'
import { validateFile } from '../src/core/validate'
import { until } from './main/fixtures'
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

export interface EnqueueInput {
  path: string
  account: AccountConfig
  purpose: string
  expiresAfterSeconds?: number
  partSize?: number
  concurrency?: number
}

/**
 * The real queue with every job on one adapter, driven the way the provider tests need: add (refused at once as `ferry upload`
 * refuses), run until the jobs need nothing more, pause, cancel, queue again. Content checks run for real; the tests' random
 * bytes go as the CLI's --force sends them.
 */
export class TestQueue {
  readonly queue: Queue
  private readonly opened: Promise<unknown>
  constructor(home: string, adapter: ProviderAdapter, opts: Partial<QueueOptions> = {}) {
    this.queue = new Queue({
      home,
      resolve: async () => ({ adapter }),
      limitsFor: async () => adapter,
      check: (path, o) => validateFile(path, o),
      concurrency: () => 1,
      autoStart: () => true,
      tickMs: 50,
      ...opts
    })
    this.opened = this.queue.open()
    onCleanup(() => this.queue.close())
  }
  get store(): JobStore {
    return this.queue.store
  }
  on<E extends keyof QueueEvents>(event: E, fn: (...args: QueueEvents[E]) => void): this {
    this.queue.on(event, fn as never)
    return this
  }
  async enqueue(input: EnqueueInput, adapter: ProviderAdapter): Promise<JobRecord> {
    await checkFile(input.path, input.purpose, adapter, input.expiresAfterSeconds)
    await this.opened
    const { partSize, ...rest } = input
    return this.queue.add({ ...rest, partSize: partSize ?? DEFAULT_PART_SIZE, uploadAnyway: 'errors' })
  }
  async run(ids: string[]): Promise<JobRecord[]> {
    await this.opened
    await until(() => this.queue.idle(ids), 'jobs settled', 120_000)
    return ids.map((id) => this.queue.get(id)!)
  }
  pause(id: string): void {
    void this.queue.command({ verb: 'pause', jobId: id })
  }
  cancel(id: string): void {
    void this.queue.command({ verb: 'cancel', jobId: id })
  }
  async requeue(id: string): Promise<void> {
    const job = this.queue.need(id)
    await this.queue.command({ verb: job.state === 'paused' ? 'resume' : 'retry', jobId: id })
  }
}

/** A queue whose every job uses `adapter`. */
export function engineFor(home: string, adapter: ProviderAdapter): TestQueue {
  return new TestQueue(home, adapter)
}

export async function uploadOnce(
  home: string,
  acct: AccountConfig,
  key: string,
  input: Omit<EnqueueInput, 'account'>
): Promise<{ engine: TestQueue; adapter: ProviderAdapter; jobId: string }> {
  const adapter = createAdapter(acct, key)
  const engine = engineFor(home, adapter)
  const job = await engine.enqueue({ ...input, account: acct }, adapter)
  await engine.run([job.id])
  return { engine, adapter, jobId: job.id }
}
