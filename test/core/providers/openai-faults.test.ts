// The OpenAI dialect's unhappy paths against the sandbox given the real services' edges: an Upload whose window closes
// mid-transfer, a window the file cannot fit, replies lost in transit while the file list lags, a source edited mid-send,
// and a refused key or an exhausted quota heard before the body goes.
import { open, stat, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdapter } from '../../../src/core/providers'
import { startSandbox, type SandboxOptions } from '../../../src/core/sandbox'
import { startFaultProxy, type FaultRule } from '../../doubles/faults'
import { checkFile } from '../../../src/core/preflight'
import { account, engineFor, onCleanup, randomFile, sha256, sparseFile, tempDir, TestQueue } from '../../helpers'
import { until } from '../../main/fixtures'

const KiB = 1024
const MiB = 1024 * KiB

async function setup(opts: Partial<SandboxOptions> = {}, provider: 'sandbox' | 'yandex' = 'sandbox') {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox'), ...opts })
  onCleanup(() => sandbox.close())
  const proxy = await startFaultProxy(sandbox.url)
  onCleanup(() => proxy.close())
  const acct = account(provider, proxy.url)
  const adapter = createAdapter(acct, 'sk-a')
  const engine = engineFor(join(dir, 'home'), adapter)
  return { dir, sandbox, proxy, acct, adapter, engine }
}

async function storedHash(adapter: ReturnType<typeof createAdapter>, id: string, dir: string): Promise<string> {
  const dest = join(dir, `download-${id}`)
  await adapter.download(id, dest)
  return sha256(dest)
}

/** Overwrites a few bytes at `offset` with others: the same size, so only the mtime and the content tell. */
async function scribble(path: string, offset: number): Promise<void> {
  const fh = await open(path, 'r+')
  await fh.write(Buffer.from('EDITED BY HAND'), 0, 14, offset)
  await fh.close()
}

afterEach(() => {
  delete process.env.FERRY_STALL_SECONDS
})

describe('an Upload whose window closes', () => {
  it('is renewed when the provider says the session expired mid-upload, and the job says it restarted', async () => {
    let skew = 0
    const { dir, sandbox, acct, adapter, engine } = await setup({ now: () => Date.now() + skew })
    const path = await randomFile(dir, 'slow.jsonl', 2 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 1 }, adapter)
    const renewals: string[] = []
    engine.on('renewed', (r) => renewals.push(r.what))
    // The link was slow (or the laptop slept): by the provider's clock the hour is over after the third part.
    engine.on('progress', () => {
      if (sandbox.stats.partsCreated === 3 && skew === 0) skew = 2 * 3600_000
    })
    const [done] = await engine.run([job.id])
    expect(done!.error?.message).toBeUndefined()
    expect(done!.state).toBe('completed')
    expect(done!.renewal).toBe('session_expired')
    expect(renewals).toEqual(['session_expired'])
    expect(sandbox.stats.uploadsCreated).toBe(2)
    expect(await storedHash(adapter, done!.remote!.id, dir)).toBe(await sha256(path))
  })

  it('is given up early, in plain words, when the whole file cannot go within one window at the measured speed', async () => {
    const { dir, sandbox, proxy, acct, adapter, engine } = await setup({ limits: { uploadTtlSeconds: 4 } })
    proxy.setRate(256 * KiB)
    const path = await randomFile(dir, 'too-slow.jsonl', 4 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 256 * KiB, concurrency: 2 }, adapter)
    const started = Date.now()
    const [failed] = await engine.run([job.id])
    expect(failed!.state).toBe('failed')
    expect(failed!.error?.code).toBe('upload_window_too_short')
    expect(failed!.error?.message).toMatch(/needs about \d+ s to upload, but the Ferry sandbox closes an unfinished upload after 4 s/)
    expect(failed!.error?.hint).toMatch(/faster connection|smaller files/)
    // Said within the first window, not after renewals that could never finish; the session was cancelled.
    expect(Date.now() - started).toBeLessThan(4000)
    expect(sandbox.stats.uploadsCreated).toBe(1)
    expect(sandbox.stats.requests.some((r) => /\/cancel$/.test(r.path))).toBe(true)
  })
})

describe('the window of each provider (OpenAI 1 h, Azure 2 h)', () => {
  /** A 64 MiB file under a 12 KiB/s speed limit needs about 1 h 30 min: more than OpenAI's window, less than Azure's. */
  async function slowUpload(provider: 'sandbox' | 'azure') {
    const dir = await tempDir()
    const sandbox = await startSandbox({ dir: join(dir, 'sandbox') })
    onCleanup(() => sandbox.close())
    const acct = account(provider, sandbox.url)
    const adapter = createAdapter(acct, 'sk-a')
    const engine = new TestQueue(join(dir, 'home'), adapter, { bandwidthLimit: 12 * KiB })
    const path = await sparseFile(dir, 'big.jsonl', 64 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    return { sandbox, engine, job }
  }

  it('a file that cannot go within OpenAI’s hour at the speed limit is told so before anything is sent', async () => {
    const { sandbox, engine, job } = await slowUpload('sandbox')
    const [failed] = await engine.run([job.id])
    expect(failed!.error?.code).toBe('upload_window_too_short')
    expect(failed!.error?.message).toMatch(/closes an unfinished upload after 1 h\./)
    expect(sandbox.stats.uploadsCreated).toBe(0)
  })

  it('Azure keeps an Upload open 2 h, so the same file starts there', async () => {
    const { sandbox, engine, job } = await slowUpload('azure')
    await until(() => sandbox.stats.uploadsCreated === 1, 'the Upload to be created')
    engine.cancel(job.id)
    const [cancelled] = await engine.run([job.id])
    expect(cancelled!.state).toBe('cancelled')
  })

  it('Azure takes fine-tune files up to 9 GB (through its Uploads API), OpenAI up to 8 GB', async () => {
    const dir = await tempDir()
    const path = await sparseFile(dir, 'huge.jsonl', 8.5 * 1024 * MiB)
    const azure = createAdapter(account('azure', 'https://example.openai.azure.com/openai/v1'), 'k')
    const openai = createAdapter(account('openai', 'https://api.openai.com/v1'), 'k')
    await expect(checkFile(path, 'fine-tune', azure)).resolves.toMatchObject({ size: 8.5 * 1024 * MiB })
    await expect(checkFile(path, 'fine-tune', openai)).rejects.toMatchObject({ code: 'file_too_large' })
    expect(azure.resumable({ path, filename: 'f.jsonl', size: 17 * MiB, mtimeMs: 0, purpose: 'fine-tune', partSize: 64 * MiB, concurrency: 3 })).toBe(true)
  })
})

describe('replies lost in transit while the file list lags a call behind', () => {
  /** An Upload whose answer to complete is lost while the list leaves the new file out of `listLag` listings. */
  async function completeUnanswered(listLag: number) {
    const { dir, sandbox, proxy, acct, adapter, engine } = await setup({ listLag })
    proxy.addRule({ method: 'POST', path: /\/complete$/, action: { dropResponse: true } })
    const path = await randomFile(dir, 'big.jsonl', 2 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: 512 * KiB, concurrency: 2 }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.error?.message).toBeUndefined()
    expect(done!.state).toBe('completed')
    expect(sandbox.stats.filesCreated).toBe(1)
    expect(await storedHash(adapter, done!.remote!.id, dir)).toBe(await sha256(path))
    return sandbox.stats.requests.filter((r) => /\/complete$/.test(r.path)).map((r) => r.status)
  }

  it('a lost answer to complete is found in the list (looked at again), not completed twice into a failure', async () => {
    expect(await completeUnanswered(1)).toEqual([200])
  })

  it('"already completed" after a lost answer means "find it": the job completes with the stored file', async () => {
    // The list lags longer than the first looks: the second complete hears "already completed".
    expect(await completeUnanswered(5)).toEqual([200, 400])
  })

  for (const provider of ['sandbox', 'yandex'] as const) {
    it(`${provider}: a lost answer to POST /files never stores a second copy`, async () => {
      const { dir, sandbox, proxy, acct, adapter, engine } = await setup({ listLag: 1 }, provider)
      proxy.addRule({ method: 'POST', path: /\/files$/, action: { dropResponse: true } })
      const path = await randomFile(dir, 'one.jsonl', 3 * MiB)
      const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
      const [done] = await engine.run([job.id])
      expect(done!.state).toBe('completed')
      expect(sandbox.stats.filesCreated).toBe(1)
      expect((await adapter.list()).map((f) => f.id)).toEqual([done!.remote!.id])
    })
  }
})

describe('a source edited while it is sent in one request', () => {
  for (const provider of ['sandbox', 'yandex'] as const) {
    it(`${provider}: a same-size edit at 40 % ends in source_changed and leaves nothing stored`, async () => {
      const { dir, proxy, acct, adapter, engine } = await setup({}, provider)
      proxy.setRate(2 * MiB)
      const path = await randomFile(dir, 'edited.jsonl', 4 * MiB)
      const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
      const run = engine.run([job.id])
      await until(() => proxy.bytesIn >= 1.6 * MiB, '40 % sent')
      await scribble(path, 100)
      const [failed] = await run
      expect(failed!.state).toBe('failed')
      expect(failed!.error?.code).toBe('source_changed')
      expect(await adapter.list()).toEqual([])
    })
  }

  it('an edit that puts the old mtime back is caught by the content', async () => {
    const { dir, proxy, acct, adapter, engine } = await setup()
    proxy.setRate(2 * MiB)
    const path = await randomFile(dir, 'sneaky.jsonl', 4 * MiB)
    const before = await stat(path)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    const run = engine.run([job.id])
    await until(() => proxy.bytesIn >= 1.6 * MiB, '40 % sent')
    await scribble(path, 100)
    await utimes(path, before.atime, before.mtime)
    const [failed] = await run
    expect(failed!.error?.code).toBe('source_changed')
    expect(await adapter.list()).toEqual([])
  })
})

describe('a refused key or an exhausted quota is heard before the body is sent', () => {
  const REFUSALS: { name: string; rule: FaultRule; code: string }[] = [
    {
      name: 'a wrong key',
      rule: { times: Infinity, action: { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } } },
      code: 'auth_failed'
    },
    {
      name: 'an exhausted quota on POST /files',
      rule: {
        method: 'POST',
        path: /\/files$/,
        times: Infinity,
        action: { status: 429, body: { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } }
      },
      code: 'quota_exceeded'
    }
  ]
  for (const { name, rule, code } of REFUSALS) {
    it(`${name}: at most 1 MB of a 20 MB file goes out`, async () => {
      const { dir, proxy, acct, adapter, engine } = await setup({}, 'yandex')
      proxy.addRule(rule)
      const path = await randomFile(dir, 'big-one.jsonl', 20 * MiB)
      const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
      const [failed] = await engine.run([job.id])
      expect(failed!.error?.code).toBe(code)
      expect(proxy.bytesIn).toBeLessThanOrEqual(MiB)
    })
  }

  it('POST /files has a reply deadline: a file stored but never answered is a stall, then found in the list, not sent again', async () => {
    process.env.FERRY_STALL_SECONDS = '1'
    const { dir, sandbox, proxy, acct, adapter, engine } = await setup({}, 'yandex')
    proxy.addRule({ method: 'POST', path: /\/files$/, action: { holdResponse: true } })
    const path = await randomFile(dir, 'quiet.jsonl', 2 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    const retries: string[] = []
    engine.on('retry', (r) => retries.push(r.error.code))
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(retries).toContain('stalled')
    expect(sandbox.stats.filesCreated).toBe(1)
  })
})
