// NetMind's flow against a faithful double: file object + presigned PUT to a second host, never with our key.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAdapter } from '../../../src/core/providers'
import { startNetmindDouble } from '../../doubles/netmind'
import { startFaultProxy } from '../../doubles/faults'
import { account, engineFor, onCleanup, randomFile, sha256, tempDir } from '../../helpers'

const KiB = 1024

async function setup(presignedTtlSeconds?: number) {
  const dir = await tempDir()
  const netmind = await startNetmindDouble({ dir: join(dir, 'nm'), ...(presignedTtlSeconds ? { presignedTtlSeconds } : {}) })
  onCleanup(() => netmind.close())
  const acct = account('netmind', `${netmind.url}/v1`)
  const adapter = createAdapter(acct, 'nm-secret-key-123')
  const engine = engineFor(join(dir, 'home'), adapter)
  return { dir, netmind, acct, adapter, engine }
}

afterEach(() => {
  delete process.env.FERRY_STALL_SECONDS
})

describe('NetMind uploads', () => {
  it('creates the file object, PUTs the bytes to the storage host without the key, and lists the file', async () => {
    const { dir, netmind, acct, adapter, engine } = await setup()
    const path = await randomFile(dir, 'train set.jsonl', 700 * KiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(done!.remote).toMatchObject({ filename: 'train_set.jsonl', bytes: 700 * KiB, purpose: 'fine-tune' })

    const storageHost = new URL(netmind.storageUrl).host
    const puts = netmind.stats.requests.filter((r) => r.host === storageHost && r.method === 'PUT')
    expect(puts).toHaveLength(1)
    expect(puts[0]!.status).toBe(200)
    expect(puts[0]!.headers.authorization).toBeUndefined()
    expect(puts[0]!.headers['content-length']).toBe(String(700 * KiB))
    expect(JSON.stringify(puts[0]!.headers)).not.toContain('nm-secret-key-123')

    expect((await adapter.list()).map((f) => f.id)).toEqual([done!.remote!.id])
    const dest = join(dir, 'back.jsonl')
    await adapter.download(done!.remote!.id, dest)
    expect(await sha256(dest)).toBe(await sha256(path))
  })

  it('makes a new file object when the presigned URL expired, and deletes the orphaned one', async () => {
    const { dir, netmind, acct, adapter, engine } = await setup(2)
    const proxy = await startFaultProxy(netmind.storageUrl)
    onCleanup(() => proxy.close())
    netmind.useStorageUrl(proxy.url)
    // The first PUT is told to wait 3 s: by then its URL (2 s) has expired and storage answers 403 AccessDenied.
    proxy.addRule({ method: 'PUT', action: { status: 503, headers: { 'retry-after': '3' }, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' } })
    const path = await randomFile(dir, 'batch.jsonl', 64 * KiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'batch' }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(proxy.log.map((l) => l.status)).toEqual([503, 403, 200])
    expect(done!.renewal).toBe('link_expired')
    const creates = netmind.stats.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files')
    expect(creates).toHaveLength(2)
    expect((await adapter.list()).map((f) => f.id)).toEqual([done!.remote!.id])
  })

  it('refuses files NetMind does not take, before sending anything', async () => {
    const { dir, netmind, acct, adapter, engine } = await setup()
    const path = await randomFile(dir, 'notes.jsonl', KiB)
    await expect(engine.enqueue({ path, account: acct, purpose: 'assistants' }, adapter)).rejects.toMatchObject({ code: 'purpose_unsupported' })
    expect(netmind.stats.requests).toHaveLength(0)
  })
})
