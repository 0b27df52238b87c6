// One queue for every host (issue 7), with real processes on one FERRY_HOME: `ferry resume` honours the check the app made, a
// following process takes over from a killed runner, Ctrl-C and Pause keep what arrived, a source truncated mid-upload fails
// only its job, and the CLI's queue commands and the app's act on each other's jobs.
import { readFile, truncate, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/core/sandbox'
import { createHandlers } from '../../src/host/handlers'
import { confFactory } from '../../src/host/stores'
import { MemoryVault } from '../../src/host/vault'
import type { FerryEvent, JobView, Snapshot } from '../../src/shared/api'
import { startNetmindDouble } from '../doubles/netmind'
import { startFaultProxy } from '../doubles/faults'
import { Host } from '../e2e/harness'
import { onCleanup, randomFile, sandboxBehindProxy, sha256, tempDir } from '../helpers'
import { chatFile, until } from '../main/fixtures'
import { ensureBuilt, ferry, listed, remoteHash, start } from './cli-helpers'

const MiB = 1024 * 1024
const KEY = 'sk-one-queue'
const remoteHashOf = (sandbox: Sandbox, id: string, dir: string): Promise<string> => remoteHash(sandbox, id, dir, KEY)

beforeAll(ensureBuilt)

async function setup() {
  const dir = await tempDir()
  const { sandbox, proxy } = await sandboxBehindProxy(dir)
  const home = join(dir, 'home')
  const env = { FERRY_HOME: home, FERRY_API_KEY: KEY }
  const target = ['--provider', 'sandbox', '--base-url', proxy.url]
  return { dir, home, sandbox, proxy, env, target }
}

const uploadRequests = (sandbox: Sandbox): string[] =>
  sandbox.stats.requests.filter((r) => r.method === 'POST' && /\/(files|uploads)(\/|$)/.test(r.path)).map((r) => r.path)

/** A job as a host that checked it left it on disk (the shape every version of Ferry reads). */
async function savedJob(home: string, id: string, path: string, baseUrl: string, state: string, extra: Record<string, unknown> = {}): Promise<void> {
  const text = await readFile(path)
  const { mtimeMs } = await import('node:fs/promises').then((fs) => fs.stat(path))
  await mkdir(join(home, 'jobs'), { recursive: true })
  const now = Date.now()
  const job = {
    version: 1,
    id,
    createdAt: now,
    updatedAt: now,
    state,
    file: { path, name: path.split('/').pop(), size: text.length, mtimeMs },
    account: { id: 'adhoc-sandbox', name: 'Sandbox', provider: 'sandbox', baseUrl },
    purpose: 'fine-tune',
    partSize: 64 * MiB,
    concurrency: 3,
    checkpoint: {},
    bytesSent: 0,
    ...extra
  }
  await writeFile(join(home, 'jobs', `${id}.json`), JSON.stringify(job))
}

/** The app's handlers on this FERRY_HOME, in this process (the desktop app and the browser host run these). */
async function app(home: string, tickMs = 200) {
  const h = await createHandlers({ home, vault: new MemoryVault(), makeStore: confFactory, tickMs })
  onCleanup(() => h.close())
  const events: FerryEvent[] = []
  h.onEvent((e) => events.push(e))
  const job = async (id: string): Promise<JobView | undefined> => {
    const r = await h.snapshot()
    return r.ok ? (r.value as Snapshot).jobs.find((j) => j.id === id) : undefined
  }
  return { h, events, job }
}

describe('one queue, every host', () => {
  it('ferry resume uploads nothing the check refused, and checks a file still waiting for its check first', async () => {
    const { dir, home, sandbox, proxy, env } = await setup()
    const bad = await chatFile(dir, 'bad.jsonl', 12, { noReplyAt: [3] })
    const csv = join(dir, 'table.csv')
    await writeFile(csv, 'prompt,completion\nhi,there\n')
    const unchecked = await chatFile(dir, 'unchecked.jsonl', 12, { noReplyAt: [5] })
    const verdict = async (p: string, refused = false) => ({
      size: (await readFile(p)).length,
      mtimeMs: (await import('node:fs/promises').then((fs) => fs.stat(p))).mtimeMs,
      valid: false,
      errors: 1,
      warnings: 0,
      ...(refused ? { refused } : {})
    })
    const needsFixing = { code: 'needs_fixing', message: 'Needs fixing.', hint: 'Fix the file, then check it again.' }
    await savedJob(home, 'job_bad', bad, proxy.url, 'needs-fixing', { check: await verdict(bad), error: needsFixing })
    await savedJob(home, 'job_csv', csv, proxy.url, 'needs-fixing', { check: await verdict(csv, true), error: needsFixing })
    await savedJob(home, 'job_unchecked', unchecked, proxy.url, 'validating')

    const res = await ferry(['resume', '--json'], env)
    expect(uploadRequests(sandbox)).toEqual([])
    expect(res.events.filter((e) => e.event === 'done')).toEqual([])
    expect(res.code).toBe(1)
    const queue = await ferry(['queue', '--json'], env)
    const states = Object.fromEntries(queue.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; state: string }).map((j) => [j.id, j.state]))
    expect(states).toEqual({ job_bad: 'needs-fixing', job_csv: 'needs-fixing', job_unchecked: 'needs-fixing' })
  })

  it('a following ferry resume takes over from a killed ferry upload and finishes: one byte-exact file', async () => {
    const { dir, sandbox, proxy, env, target } = await setup()
    proxy.setRate(4 * MiB)
    const path = await chatFile(dir, 'big.jsonl', 1500, { lineBytes: 16 * 1024 })
    const a = start(['upload', path, '--purpose', 'fine-tune', ...target, '--json'], env)
    await a.waitFor((e) => e.event === 'progress' && (e.sent as number) > 2 * MiB)
    const b = start(['resume'], env)
    await until(() => /is running the queue/.test(b.stderr()), 'the second process to follow the first')
    a.child.kill('SIGKILL')
    const killedAt = Date.now()
    await until(() => sandbox.stats.requests.length > 0 && /carries on with the queue/.test(b.stderr()), 'the follower to take over', 30_000)
    expect(Date.now() - killedAt).toBeLessThan(30_000)
    proxy.setRate(null)
    const res = await b.done
    expect(res.code).toBe(0)
    const files = await listed(sandbox, KEY)
    expect(files).toHaveLength(1)
    expect(await remoteHashOf(sandbox, files[0]!.id, dir)).toBe(await sha256(path))
  }, 90_000)

  it('Ctrl-C at 40 % of 100 MB at 4 MiB/s, then ferry resume: at most 16 MiB is sent twice', async () => {
    const { dir, sandbox, proxy, env, target } = await setup()
    proxy.setRate(4 * MiB)
    const path = await chatFile(dir, 'hundred.jsonl', 6400, { lineBytes: 16 * 1024 })
    const size = (await readFile(path)).length
    const up = start(['upload', path, '--purpose', 'fine-tune', ...target, '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= 0.4 * size)
    up.child.kill('SIGINT')
    expect((await up.done).code).toBe(3)
    const res = await ferry(['resume', '--json'], env)
    expect(res.code).toBe(0)
    const done = res.events.find((e) => e.event === 'done')!
    expect(await remoteHashOf(sandbox, done.id as string, dir)).toBe(await sha256(path))
    // Body bytes through the link (multipart envelopes are a few hundred bytes a part).
    expect(proxy.bytesIn - size).toBeLessThanOrEqual(16 * MiB + 64 * 1024)
  }, 120_000)

  it('Pause at 40 % in the app, then Resume: at most 16 MiB is sent twice, and progress never drops to 0', async () => {
    const { dir, home, sandbox, proxy } = await setup()
    proxy.setRate(4 * MiB)
    const { h, events, job } = await app(home)
    const acct = await h.addAccount({ name: 'Work', provider: 'openai', baseUrl: proxy.url, key: KEY })
    expect(acct.ok).toBe(true)
    const path = await chatFile(dir, 'hundred.jsonl', 6400, { lineBytes: 16 * 1024 })
    const size = (await readFile(path)).length
    const added = await h.addFiles({ paths: [path] })
    const id = added.ok ? added.value.jobIds[0]! : ''
    await until(() => events.some((e) => e.type === 'progress' && e.jobId === id && e.sent >= 0.4 * size), 'about 40 %', 60_000)
    await h.pauseJobs({ jobIds: [id] })
    await until(async () => (await job(id))?.state === 'paused', 'paused')
    const paused = (await job(id))!
    expect(paused.bytesSent).toBeGreaterThan(0.25 * size)
    await h.resumeJobs({ jobIds: [id] })
    await until(async () => (await job(id))?.state === 'completed', 'uploaded', 60_000)
    const done = (await job(id))!
    expect(await remoteHashOf(sandbox, done.remoteId!, dir)).toBe(await sha256(path))
    expect(proxy.bytesIn - size).toBeLessThanOrEqual(16 * MiB + 64 * 1024)
    // Every figure after the pause counts from what the provider had confirmed.
    const after = events.slice(events.findIndex((e) => e.type === 'job' && e.job.id === id && e.job.state === 'paused'))
    expect(after.filter((e) => e.type === 'job' && e.job.id === id).every((e) => e.type === 'job' && e.job.bytesSent >= paused.bytesSent)).toBe(true)
  }, 120_000)

  describe('a source truncated mid-upload fails its job with source_changed; the CLI exits 1 in plain words', () => {
    const flows: [string, number][] = [
      ['POST /files', 8 * MiB],
      ['the Uploads API', 24 * MiB]
    ]
    it.each(flows)('%s', async (_flow, bytes) => {
      const { dir, sandbox, proxy, env, target } = await setup()
      proxy.setRate(2 * MiB)
      const path = await randomFile(dir, 'shrinking.jsonl', bytes)
      const up = start(['upload', path, '--purpose', 'fine-tune', '--force', ...target, '--json'], env)
      await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= MiB)
      await truncate(path, bytes / 2)
      const res = await up.done
      expect(res.code).toBe(1)
      expect(res.events.find((e) => e.event === 'failed')).toMatchObject({ error: { code: 'source_changed' } })
      expect(res.stderr).toMatch(/changed (while it was being uploaded|after it was added)/)
      expect(res.stderr).not.toMatch(/ESHORTREAD|at .*\.mjs/)
      expect(await listed(sandbox, KEY)).toEqual([])
    })

    it('NetMind’s presigned PUT', async () => {
      const dir = await tempDir()
      const netmind = await startNetmindDouble({ dir: join(dir, 'nm') })
      onCleanup(() => netmind.close())
      const storage = await startFaultProxy(netmind.storageUrl)
      onCleanup(() => storage.close())
      storage.setRate(2 * MiB)
      netmind.useStorageUrl(storage.url)
      const path = await randomFile(dir, 'shrinking.jsonl', 8 * MiB)
      const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: 'nm-key' }
      const up = start(['upload', path, '--purpose', 'fine-tune', '--force', '--provider', 'netmind', '--base-url', `${netmind.url}/v1`, '--json'], env)
      await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= MiB)
      await truncate(path, 4 * MiB)
      const res = await up.done
      expect(res.code).toBe(1)
      expect(res.events.find((e) => e.event === 'failed')).toMatchObject({ error: { code: 'source_changed' } })
      expect(res.stderr).not.toMatch(/ESHORTREAD/)
    })

    it('the browser host: the job fails, and the host goes on serving', async () => {
      const dir = await tempDir()
      const home = join(dir, 'home')
      await mkdir(home, { recursive: true })
      await writeFile(join(home, 'settings.json'), JSON.stringify({ settings: { speedLimit: 2 * MiB } }))
      const host = new Host(home)
      await host.start()
      onCleanup(() => host.stop('SIGKILL'))
      const path = await randomFile(dir, 'shrinking.jsonl', 24 * MiB)
      const { jobIds } = await host.call<{ jobIds: string[] }>('addFiles', { paths: [path], accountId: 'sandbox', purpose: 'user_data' })
      const id = jobIds[0]!
      const jobOf = async (): Promise<JobView | undefined> => (await host.call<Snapshot>('snapshot')).jobs.find((j) => j.id === id)
      await until(async () => (await jobOf())?.state === 'uploading', 'uploading')
      await new Promise((r) => setTimeout(r, 1500))
      await truncate(path, MiB)
      await until(async () => (await jobOf())?.state === 'failed', 'the job failed')
      expect((await jobOf())?.error?.code).toBe('source_changed')
      expect(host.proc?.exitCode).toBeNull()
      expect(host.stderr).not.toMatch(/ESHORTREAD|Unhandled/)
      // Still serving: a new file goes through.
      const again = await host.call<{ jobIds: string[] }>('addFiles', { paths: [await chatFile(dir, 'ok.jsonl', 12)], accountId: 'sandbox' })
      await until(async () => (await host.call<Snapshot>('snapshot')).jobs.find((j) => j.id === again.jobIds[0])?.state === 'completed', 'the next file uploaded')
    }, 60_000)
  })

  it('ferry queue rm | cancel | retry | clear act on the app’s jobs while the app runs the queue', async () => {
    const { dir, home, proxy, env } = await setup()
    proxy.setRate(256 * 1024)
    const { h, job } = await app(home)
    const acct = await h.addAccount({ name: 'Work', provider: 'openai', baseUrl: proxy.url, key: KEY })
    const accountId = acct.ok ? acct.value.id : ''
    const add = async (name: string): Promise<string> => {
      const r = await h.addFiles({ paths: [await chatFile(dir, name, 2000, { lineBytes: 4096 })], accountId })
      return r.ok ? r.value.jobIds[0]! : ''
    }
    await h.updateSettings({ autoStart: false })
    const [a, b, c] = [await add('a.jsonl'), await add('b.jsonl'), await add('c.jsonl')]
    await until(async () => (await Promise.all([a, b, c].map(job))).every((j) => j?.state === 'ready'), 'all three checked')

    expect((await ferry(['queue', 'cancel', a], env)).code).toBe(0)
    await until(async () => (await job(a))?.state === 'cancelled', 'a cancelled')
    expect((await ferry(['queue', 'retry', a], env)).code).toBe(0)
    await until(async () => (await job(a))?.state !== 'cancelled', 'a queued again')
    expect((await ferry(['queue', 'rm', b.slice(0, 12)], env)).code).toBe(0)
    await until(async () => (await job(b)) === undefined, 'b removed')
    await h.cancelJobs({ jobIds: [c] })
    await until(async () => (await job(c))?.state === 'cancelled', 'c cancelled in the app')
    const cleared = await ferry(['queue', 'clear', '--finished'], env)
    expect(cleared.code).toBe(0)
    await until(async () => (await job(c)) === undefined, 'c cleared')
    expect(await job(a)).toBeDefined()
  }, 60_000)

  it('the app acts on the jobs of a running ferry upload: Pause from the app stops it, and the CLI says so', async () => {
    const { dir, home, proxy, env, target } = await setup()
    proxy.setRate(MiB)
    const path = await chatFile(dir, 'cli.jsonl', 1200, { lineBytes: 16 * 1024 })
    const up = start(['upload', path, '--purpose', 'fine-tune', ...target, '--json'], env)
    const queued = await up.waitFor((e) => e.event === 'queued')
    await up.waitFor((e) => e.event === 'progress')
    const { h, job } = await app(home)
    const id = queued.job as string
    await until(async () => (await job(id))?.state === 'uploading', 'the app to see the CLI’s upload')
    expect((await h.pauseJobs({ jobIds: [id] })).ok).toBe(true)
    const res = await up.done
    expect(res.code).toBe(3)
    expect(res.events.find((e) => e.event === 'paused')).toMatchObject({ job: id })
    await until(async () => (await job(id))?.state === 'paused', 'the app to show it paused')
  }, 60_000)
})
