// Retries like the official SDKs, against the sandbox behind a fault-injecting proxy on 127.0.0.1: what is retried, what is not,
// and lost replies that must not create duplicates.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdapter } from '../../../src/core/providers'
import type { RetryEvent } from '../../../src/core/jobs/queue'
import type { FaultRule } from '../../doubles/faults'
import { account, engineFor, randomFile, sandboxBehindProxy, sha256, tempDir } from '../../helpers'

const KiB = 1024

async function setup() {
  const dir = await tempDir()
  const { sandbox, proxy } = await sandboxBehindProxy(dir)
  const acct = account('sandbox', proxy.url)
  const adapter = createAdapter(acct, 'sk-retry-test-key')
  const engine = engineFor(join(dir, 'home'), adapter)
  const retries: RetryEvent[] = []
  engine.on('retry', (r) => retries.push(r))
  const upload = async (size: number, rules: FaultRule[], partSize = 256 * KiB) => {
    const path = await randomFile(dir, `f-${Math.random().toString(36).slice(2)}.jsonl`, size)
    for (const r of rules) proxy.addRule(r)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize, concurrency: 2 }, adapter)
    const [done] = await engine.run([job.id])
    return { job: done!, path }
  }
  const contentHash = async (id: string) => {
    const dest = join(dir, `dl-${id}`)
    await adapter.download(id, dest)
    return sha256(dest)
  }
  return { sandbox, proxy, adapter, upload, retries, contentHash }
}

afterEach(() => {
  delete process.env.FERRY_STALL_SECONDS
})

describe('transient failures are retried', () => {
  it('waits as long as Retry-After says on a 503, then succeeds', async () => {
    const t = await setup()
    const { job, path } = await t.upload(100 * KiB, [{ method: 'POST', path: /\/files$/, action: { status: 503, headers: { 'retry-after': '1' }, body: { error: { message: 'overloaded', type: 'server_error', param: null, code: null } } } }])
    expect(job.state).toBe('completed')
    expect(t.retries).toHaveLength(1)
    expect(t.retries[0]!.delayMs).toBe(1000)
    expect(await t.contentHash(job.remote!.id)).toBe(await sha256(path))
  })

  it.each([408, 409, 429, 500, 502])('retries a %i on a part and completes the file intact', async (status) => {
    const t = await setup()
    const { job, path } = await t.upload(1024 * KiB, [
      { method: 'POST', path: /\/parts$/, skip: 1, times: 2, action: { status, headers: { 'retry-after-ms': '20' }, body: { error: { message: 'try later', type: 'x', param: null, code: null } } } }
    ])
    expect(job.state).toBe('completed')
    expect(t.retries.length).toBe(2)
    expect(await t.contentHash(job.remote!.id)).toBe(await sha256(path))
  })

  it('re-creates the body from disk after a connection reset mid-part', async () => {
    const t = await setup()
    const { job, path } = await t.upload(1024 * KiB, [{ method: 'POST', path: /\/parts$/, skip: 2, action: { resetAfterBodyBytes: 50 * KiB } }])
    expect(job.state).toBe('completed')
    expect(t.retries[0]!.error.code).toBe('network')
    expect(await t.contentHash(job.remote!.id)).toBe(await sha256(path))
  })

  it('aborts a stalled part and sends it again instead of hanging', async () => {
    process.env.FERRY_STALL_SECONDS = '1'
    const t = await setup()
    // Parts larger than the loopback socket buffers, so the stall shows as a body that stops moving.
    const { job, path } = await t.upload(24 * 1024 * KiB, [{ method: 'POST', path: /\/parts$/, action: { stallMs: 4000 } }], 12 * 1024 * KiB)
    expect(job.state).toBe('completed')
    expect(t.retries.map((r) => r.error.code)).toContain('stalled')
    expect(await t.contentHash(job.remote!.id)).toBe(await sha256(path))
  })
})

describe('a slow finish is not a stall', () => {
  it('waits for a complete that takes longer than the stall timeout, without retrying', async () => {
    process.env.FERRY_STALL_SECONDS = '1'
    const t = await setup()
    const { job } = await t.upload(1024 * KiB, [{ method: 'POST', path: /\/complete$/, action: { stallMs: 2500 } }])
    expect(job.state).toBe('completed')
    expect(t.retries).toHaveLength(0)
  })
})

describe('failures a retry cannot fix stop the job with a clear error', () => {
  const envelope = (message: string, code: string | null) => ({ error: { message, type: 'invalid_request_error', param: null, code } })

  it('a wrong key (401) fails at once, keeping the request id and never echoing the key', async () => {
    const t = await setup()
    const { job } = await t.upload(10 * KiB, [
      { method: 'POST', times: Infinity, action: { status: 401, headers: { 'x-request-id': 'req_123' }, body: envelope('Incorrect API key provided: sk-retry-test-key.', 'invalid_api_key') } }
    ])
    expect(job.state).toBe('failed')
    expect(job.error).toMatchObject({ code: 'auth_failed', requestId: 'req_123' })
    expect(job.error!.message).not.toContain('sk-retry-test-key')
    expect(t.retries).toHaveLength(0)
    expect(t.proxy.log.filter((l) => l.method === 'POST')).toHaveLength(1)
  })

  it('an exhausted quota (429 insufficient_quota) is not retried', async () => {
    const t = await setup()
    const { job } = await t.upload(10 * KiB, [{ method: 'POST', times: Infinity, action: { status: 429, body: envelope('You exceeded your current quota.', 'insufficient_quota') } }])
    expect(job.error?.code).toBe('quota_exceeded')
    expect(job.error?.hint).toMatch(/billing/)
    expect(t.retries).toHaveLength(0)
  })

  it.each([
    [400, 'rejected'],
    [403, 'forbidden'],
    [404, 'not_found']
  ])('a %i fails with code %s and the provider’s own words', async (status, code) => {
    const t = await setup()
    const { job } = await t.upload(10 * KiB, [{ method: 'POST', times: Infinity, action: { status, body: envelope('Invalid purpose for this file.', null) } }])
    expect(job.error?.code).toBe(code)
    expect(job.error?.message).toContain('Invalid purpose for this file.')
    expect(t.retries).toHaveLength(0)
  })
})

describe('lost replies never create duplicates', () => {
  it('adopts the file a POST /files created when its reply was lost', async () => {
    const t = await setup()
    const { job, path } = await t.upload(100 * KiB, [{ method: 'POST', path: /\/files$/, action: { dropResponse: true } }])
    expect(job.state).toBe('completed')
    expect(t.sandbox.stats.filesCreated).toBe(1)
    expect((await t.adapter.list()).map((f) => f.id)).toEqual([job.remote!.id])
    expect(await t.contentHash(job.remote!.id)).toBe(await sha256(path))
  })

  it('adopts the completed file when the reply to complete was lost', async () => {
    const t = await setup()
    const { job } = await t.upload(1024 * KiB, [{ method: 'POST', path: /\/complete$/, action: { dropResponse: true } }])
    expect(job.state).toBe('completed')
    expect(t.sandbox.stats.filesCreated).toBe(1)
    expect((await t.adapter.list()).map((f) => f.id)).toEqual([job.remote!.id])
  })
})
