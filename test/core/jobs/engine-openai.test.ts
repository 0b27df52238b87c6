// The OpenAI flows end to end against the sandbox on 127.0.0.1: one-piece POST /files, the Uploads API in parts, resume, cancel.
import { join } from 'node:path'
import { utimes, appendFile, readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../../src/core/sandbox'
import { createAdapter } from '../../../src/core/providers'
import { account, engineFor, onCleanup, randomFile, sha256, tempDir, TestQueue, uploadOnce } from '../../helpers'
import { chatFile, until } from '../../main/fixtures'

const KiB = 1024
const MiB = 1024 * KiB

async function setup(limits = {}) {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox'), limits })
  onCleanup(() => sandbox.close())
  const acct = account('sandbox', sandbox.url)
  return { dir, home: join(dir, 'home'), sandbox, acct }
}

async function storedContent(adapter: ReturnType<typeof createAdapter>, id: string, dir: string): Promise<string> {
  const dest = join(dir, `download-${id}`)
  await adapter.download(id, dest)
  return sha256(dest)
}

describe('OpenAI-dialect uploads', () => {
  it('sends a small file in one multipart POST /files and the provider stores the same bytes', async () => {
    const { dir, home, sandbox, acct } = await setup()
    const path = await randomFile(dir, 'small.jsonl', 300 * KiB)
    const { engine, adapter, jobId } = await uploadOnce(home, acct, 'sk-a', { path, purpose: 'fine-tune', partSize: MiB })
    const job = (await engine.store.load(jobId))!
    expect(job.state).toBe('completed')
    expect(job.remote?.bytes).toBe(300 * KiB)
    expect(sandbox.stats.uploadsCreated).toBe(0)
    expect(await storedContent(adapter, job.remote!.id, dir)).toBe(await sha256(path))
  })

  it('sends a large file as parts through the Uploads API, in parallel, and completes them in order', async () => {
    const { dir, home, sandbox, acct } = await setup()
    const path = await randomFile(dir, 'big.jsonl', 2 * MiB + 123)
    const { engine, adapter, jobId } = await uploadOnce(home, acct, 'sk-a', { path, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 4 })
    const job = (await engine.store.load(jobId))!
    expect(job.state).toBe('completed')
    expect(sandbox.stats.uploadsCreated).toBe(1)
    expect(sandbox.stats.partsCreated).toBe(9)
    expect(await storedContent(adapter, job.remote!.id, dir)).toBe(await sha256(path))
  })

  it('after a pause, resumes by sending only the parts not yet accepted', async () => {
    const { dir, home, sandbox, acct } = await setup()
    const path = await randomFile(dir, 'resume.jsonl', 4 * MiB)
    const adapter = createAdapter(acct, 'sk-a')
    const engine = engineFor(home, adapter)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 1 }, adapter)
    let accepted = 0
    engine.on('progress', () => {
      if (sandbox.stats.partsCreated >= 5 && accepted === 0) {
        accepted = sandbox.stats.partsCreated
        engine.pause(job.id)
      }
    })
    const [paused] = await engine.run([job.id])
    expect(paused!.state).toBe('paused')
    const sentBeforePause = sandbox.stats.partsCreated
    expect(sentBeforePause).toBeLessThan(16)

    await engine.requeue(job.id)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    // 16 parts in all: the ones accepted before the pause were not sent again (at most the one in flight was).
    expect(sandbox.stats.partsCreated).toBeLessThanOrEqual(16 + 1)
    expect(sandbox.stats.uploadsCreated).toBe(1)
    expect(await storedContent(adapter, done!.remote!.id, dir)).toBe(await sha256(path))
  })

  it('starts a new upload session cleanly when the saved one has expired', async () => {
    const { dir, home, sandbox, acct } = await setup()
    const path = await randomFile(dir, 'expired.jsonl', MiB)
    const adapter = createAdapter(acct, 'sk-a')
    const engine = engineFor(home, adapter)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 1 }, adapter)
    engine.on('progress', () => {
      if (sandbox.stats.partsCreated >= 2) engine.pause(job.id)
    })
    await engine.run([job.id])
    await engine.queue.close()
    // As if the hour had passed while the machine slept (and Ferry was started again).
    const file = join(home, 'jobs', `${job.id}.json`)
    const saved = JSON.parse(await readFile(file, 'utf8'))
    saved.checkpoint.upload.expiresAt = Math.floor(Date.now() / 1000) - 10
    await writeFile(file, JSON.stringify(saved))
    const again = engineFor(home, adapter)
    await again.run([])
    await again.requeue(job.id)
    const [done] = await again.run([job.id])
    expect(done!.state).toBe('completed')
    expect(done!.renewal).toBe('session_expired')
    expect(sandbox.stats.uploadsCreated).toBe(2)
    expect(await storedContent(adapter, done!.remote!.id, dir)).toBe(await sha256(path))
  })

  it('refuses to go on with a file that changed after part of it was sent (a longer file, or a newer mtime)', async () => {
    const { dir, home, sandbox, acct } = await setup()
    const adapter = createAdapter(acct, 'sk-a')
    const engine = engineFor(home, adapter)
    for (const change of [(p: string) => appendFile(p, 'more'), (p: string) => utimes(p, new Date(), new Date(Date.now() + 5000))]) {
      const path = await randomFile(dir, `changing-${sandbox.stats.uploadsCreated}.jsonl`, MiB)
      const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 1 }, adapter)
      const started = sandbox.stats.partsCreated
      const off = (): void => {
        if (sandbox.stats.partsCreated >= started + 1) engine.pause(job.id)
      }
      engine.on('progress', off)
      const [paused] = await engine.run([job.id])
      engine.queue.off('progress', off)
      expect(paused!.state).toBe('paused')
      await change(path)
      await engine.requeue(job.id)
      const [failed] = await engine.run([job.id])
      expect(failed!.state).toBe('failed')
      expect(failed!.error?.code).toBe('source_changed')
    }
  })

  it('a file changed after it was queued but before any of it was sent is checked again and sent as it is now', async () => {
    const { dir, home, acct } = await setup()
    const path = await chatFile(dir, 'fixed.jsonl', 12)
    const adapter = createAdapter(acct, 'sk-a')
    const engine = new TestQueue(home, adapter, { autoStart: () => false })
    await engine.run([])
    const job = await engine.queue.add({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB })
    await until(() => engine.queue.get(job.id)?.state === 'ready', 'checked')
    const checks: string[] = []
    engine.on('job', (j) => checks.push(j.state))
    // One more example, new (a copy of a line would be a duplicate, and so a warning).
    await appendFile(path, JSON.stringify({ messages: [{ role: 'user', content: 'One more?' }, { role: 'assistant', content: 'Yes.' }] }) + '\n')
    await engine.queue.command({ verb: 'approve', jobId: job.id })
    await until(() => engine.queue.get(job.id)?.state === 'ready' && checks.includes('validating'), 'checked again')
    await engine.queue.command({ verb: 'approve', jobId: job.id })
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(done!.check?.size).toBe(done!.file.size)
    expect(await storedContent(adapter, done!.remote!.id, dir)).toBe(await sha256(path))
  })

  it('cancels for real: the upload session is cancelled and nothing is left listed', async () => {
    const { dir, home, sandbox, acct } = await setup()
    const path = await randomFile(dir, 'cancel.jsonl', 2 * MiB)
    const adapter = createAdapter(acct, 'sk-a')
    const engine = engineFor(home, adapter)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 1 }, adapter)
    engine.on('progress', () => {
      if (sandbox.stats.partsCreated >= 2) engine.cancel(job.id)
    })
    const [cancelled] = await engine.run([job.id])
    expect(cancelled!.state).toBe('cancelled')
    expect(sandbox.stats.requests.some((r) => /\/uploads\/[^/]+\/cancel$/.test(r.path) && r.status === 200)).toBe(true)
    expect(await adapter.list()).toEqual([])
  })
})
