// The queue runner against the real sandbox on 127.0.0.1: checks on arrival, continuous running within the concurrency,
// waiting out an unreachable host and carrying on by itself, resuming after a restart, and one runner per FERRY_HOME.
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultContentCheck } from '../../../src/core/jobs/content-check'
import { Queue, type QueueOptions } from '../../../src/core/jobs/queue'
import { createAdapter } from '../../../src/core/providers'
import type { AccountConfig } from '../../../src/core/providers/types'
import { startSandbox, type Sandbox } from '../../../src/core/sandbox'
import type { JobState } from '../../../src/shared/jobs'
import { onCleanup, tempDir } from '../../helpers'
import { chatFile, until } from '../../main/fixtures'

const KiB = 1024

interface Setup {
  dir: string
  home: string
  acct: AccountConfig
  sandbox?: Sandbox
}

async function withSandbox(port?: number): Promise<Sandbox> {
  const dir = await tempDir()
  const sb = await startSandbox({ dir: join(dir, 'sandbox'), ...(port ? { port } : {}) })
  onCleanup(() => sb.close())
  return sb
}

async function setup(): Promise<Setup & { sandbox: Sandbox }> {
  const dir = await tempDir()
  const sandbox = await withSandbox()
  return { dir, home: join(dir, 'home'), sandbox, acct: { id: 'acc_test', name: 'Test', provider: 'sandbox', baseUrl: sandbox.url } }
}

function scheduler(s: Setup, opts: Partial<QueueOptions> = {}): Queue {
  const sch = new Queue({
    home: s.home,
    resolve: async (a) => ({ adapter: createAdapter(a, 'sk-test') }),
    limitsFor: async (a) => createAdapter(a, 'unused'),
    concurrency: () => 2,
    autoStart: () => true,
    check: defaultContentCheck(),
    endpointOf: async (a) => a.baseUrl ?? null,
    tickMs: 100,
    ...opts
  })
  onCleanup(() => sch.close())
  return sch
}

function states(sch: Queue): Map<string, JobState[]> {
  const seen = new Map<string, JobState[]>()
  sch.on('job', (job) => {
    const list = seen.get(job.id) ?? []
    if (list[list.length - 1] !== job.state) list.push(job.state)
    seen.set(job.id, list)
  })
  return seen
}

const stateOf = (sch: Queue, id: string): JobState | undefined => sch.get(id)?.state

describe('Queue', () => {
  it('checks each file on arrival, uploads the good ones and holds back the one that needs fixing', async () => {
    const s = await setup()
    const sch = scheduler(s)
    const seen = states(sch)
    await sch.open()
    const good = await sch.add({ path: await chatFile(s.dir, 'good.jsonl', 12), account: s.acct, partSize: 64 * KiB })
    const bad = await sch.add({ path: await chatFile(s.dir, 'bad.jsonl', 12, { noReplyAt: [3] }), account: s.acct, partSize: 64 * KiB })
    const warn = await sch.add({ path: await chatFile(s.dir, 'warn.jsonl', 13, { blankAt: [6] }), account: s.acct, partSize: 64 * KiB })
    await until(() => seen.get(good.id)?.at(-1) === 'completed', 'good file uploaded')
    await until(() => stateOf(sch, bad.id) === 'needs-fixing' && stateOf(sch, warn.id) === 'has-warnings', 'checks settled')
    expect(seen.get(good.id)?.join(' ')).toMatch(/^validating ready .*uploading.* completed$/)
    expect(sch.get(good.id)?.purpose).toBe('fine-tune')
    expect(sch.get(bad.id)?.check).toMatchObject({ valid: false, errors: 1 })
    expect(sch.get(bad.id)?.error?.message).toContain("1 line has problems")
    expect((await sch.report(bad.id))?.errors[0]?.line).toBe(3)

    // Warnings only: waits for "Upload anyway".
    expect(seen.get(warn.id)).not.toContain('uploading')
    await sch.command({ verb: 'approve', jobId: warn.id })
    await until(() => stateOf(sch, warn.id) === 'completed', 'uploaded anyway')
  })

  it('keeps at most `concurrency` uploads going and picks up new files as slots free', async () => {
    const s = await setup()
    const sch = scheduler(s, { concurrency: () => 2 })
    await sch.open()
    let most = 0
    sch.on('job', () => (most = Math.max(most, sch.activeCount)))
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      ids.push((await sch.add({ path: await chatFile(s.dir, `f${i}.jsonl`, 40, { lineBytes: 4 * KiB }), account: s.acct, partSize: 64 * KiB })).id)
    }
    await until(() => ids.every((id) => stateOf(sch, id) === 'completed'), 'all five uploaded')
    expect(most).toBeLessThanOrEqual(2)
    expect(most).toBeGreaterThan(0)
    // Added later, while the runner is idle: still picked up.
    const late = await sch.add({ path: await chatFile(s.dir, 'late.jsonl', 12), account: s.acct, partSize: 64 * KiB })
    await until(() => stateOf(sch, late.id) === 'completed', 'late file uploaded')
  })

  it('with auto-start off, a checked file waits as ready until started', async () => {
    const s = await setup()
    const sch = scheduler(s, { autoStart: () => false })
    await sch.open()
    const job = await sch.add({ path: await chatFile(s.dir, 'a.jsonl', 12), account: s.acct, partSize: 64 * KiB })
    await until(() => stateOf(sch, job.id) === 'ready', 'ready')
    expect(sch.activeCount).toBe(0)
    await sch.command({ verb: 'approve', jobId: job.id })
    await until(() => stateOf(sch, job.id) === 'completed', 'uploaded after start')
  })

  it('detects a batch file’s purpose from its content when none is given', async () => {
    const s = await setup()
    const sch = scheduler(s)
    await sch.open()
    const { batchFile } = await import('../../main/fixtures')
    const job = await sch.add({ path: await batchFile(s.dir, 'b.jsonl', 3), account: s.acct, partSize: 64 * KiB })
    await until(() => stateOf(sch, job.id) === 'completed', 'batch uploaded')
    expect(sch.get(job.id)?.purpose).toBe('batch')
  })

  it('while the host is unreachable, jobs wait for the network and finish by themselves once it answers', async () => {
    const dir = await tempDir()
    const port = await freePort()
    const acct: AccountConfig = { id: 'acc_off', name: 'Off', provider: 'sandbox', baseUrl: `http://127.0.0.1:${port}/v1` }
    const sch = scheduler({ dir, home: join(dir, 'home'), acct })
    const seen = states(sch)
    const online: boolean[] = []
    sch.on('connectivity', (c) => online.push(c.online))
    await sch.open()
    const job = await sch.add({ path: await chatFile(dir, 'a.jsonl', 12), account: acct, partSize: 64 * KiB })
    await until(() => stateOf(sch, job.id) === 'waiting-for-network', 'waiting for network')
    await until(() => online.includes(false), 'offline reported')
    expect(sch.connectivity().unreachable).toEqual([`http://127.0.0.1:${port}`])

    // The host comes back on the same address: nobody presses anything.
    await withSandbox(port)
    await until(() => stateOf(sch, job.id) === 'completed', 'uploaded after the host came back')
    expect(sch.connectivity()).toEqual({ online: true, unreachable: [] })
    expect(seen.get(job.id)).not.toContain('failed')
  })

  it('after a stop mid-upload, the next start resumes from the parts already sent', async () => {
    const s = await setup()
    const first = scheduler(s, { bandwidthLimit: 512 * KiB })
    await first.open()
    const job = await first.add({ path: await chatFile(s.dir, 'big.jsonl', 400, { lineBytes: 5 * KiB }), account: s.acct, partSize: 128 * KiB })
    await until(() => s.sandbox.stats.partsCreated >= 3, 'some parts accepted')
    await first.close()
    expect(stateOf(first, job.id)).toBe('queued')
    const sent = s.sandbox.stats.partBytes

    const second = scheduler(s)
    await second.open()
    await until(() => stateOf(second, job.id) === 'completed', 'resumed upload finished')
    expect(second.runtime(job.id).resumedFrom).toBeGreaterThan(0)
    expect(second.get(job.id)?.restarted).toBeFalsy()
    // Only what was not yet accepted went again (at most the parts that were in flight at the stop).
    expect(s.sandbox.stats.partBytes).toBeLessThan(second.get(job.id)!.file.size + sent)
  })

  it('pauses and resumes a running upload; cancels and removes', async () => {
    const s = await setup()
    const sch = scheduler(s, { bandwidthLimit: 512 * KiB })
    await sch.open()
    const job = await sch.add({ path: await chatFile(s.dir, 'p.jsonl', 300, { lineBytes: 5 * KiB }), account: s.acct, partSize: 128 * KiB })
    await until(() => s.sandbox.stats.partsCreated >= 1, 'uploading')
    await sch.command({ verb: 'pause', jobId: job.id })
    await until(() => stateOf(sch, job.id) === 'paused', 'paused')
    // The slot frees when the engine's run settles, a moment after the paused state is reported.
    await until(() => sch.activeCount === 0, 'slot freed')
    await sch.command({ verb: 'resume', jobId: job.id })
    await until(() => stateOf(sch, job.id) === 'uploading', 'uploading again')
    await sch.command({ verb: 'cancel', jobId: job.id })
    await until(() => stateOf(sch, job.id) === 'cancelled', 'cancelled')
    await sch.command({ verb: 'remove', jobId: job.id })
    expect(sch.get(job.id)).toBeUndefined()
    expect(sch.list()).toHaveLength(0)
  })

  it('a pause takes effect at once under a very low speed limit: the throttle’s wait ends with the request', async () => {
    const s = await setup()
    // 1 KiB/s: each 16 KiB slice waits about 16 s for its turn.
    const sch = scheduler(s, { bandwidthLimit: KiB })
    await sch.open()
    const job = await sch.add({ path: await chatFile(s.dir, 'slow.jsonl', 40, { lineBytes: 2 * KiB }), account: s.acct, partSize: 64 * KiB })
    await until(() => stateOf(sch, job.id) === 'uploading', 'uploading')
    await new Promise((r) => setTimeout(r, 300))
    await sch.command({ verb: 'pause', jobId: job.id })
    await until(() => stateOf(sch, job.id) === 'paused', 'paused within 5 s', 5_000)
    await until(() => sch.activeCount === 0, 'the slot freed within 5 s', 5_000)
  })

  it('one runner per FERRY_HOME: a second scheduler waits for the lock', async () => {
    const s = await setup()
    const a = scheduler(s)
    await a.open()
    const b = scheduler(s)
    const { heldBy } = await b.open()
    expect(heldBy?.pid).toBe(process.pid)
  })
})

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}
