// NetMind's unhappy paths against its double: a PUT whose answer is lost, a create whose answer is lost, a source edited mid-PUT.
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAdapter } from '../../../src/core/providers'
import { startFaultProxy } from '../../doubles/faults'
import { startNetmindDouble } from '../../doubles/netmind'
import { account, engineFor, onCleanup, randomFile, sha256, tempDir } from '../../helpers'
import { until } from '../../main/fixtures'

const MiB = 1024 * 1024

/** NetMind with fault proxies in front of its API and its storage host. */
async function setup() {
  const dir = await tempDir()
  const netmind = await startNetmindDouble({ dir: join(dir, 'nm') })
  onCleanup(() => netmind.close())
  const api = await startFaultProxy(netmind.url)
  onCleanup(() => api.close())
  const storage = await startFaultProxy(netmind.storageUrl)
  onCleanup(() => storage.close())
  netmind.useStorageUrl(storage.url)
  const acct = account('netmind', `${api.url}/v1`)
  const adapter = createAdapter(acct, 'nm-key-123')
  const engine = engineFor(join(dir, 'home'), adapter)
  return { dir, netmind, api, storage, acct, adapter, engine }
}

describe('NetMind when answers are lost', () => {
  it('a PUT that landed but whose answer was lost is not sent again: the file object says the bytes arrived', async () => {
    const { dir, netmind, storage, acct, adapter, engine } = await setup()
    storage.addRule({ method: 'PUT', action: { dropResponse: true } })
    const path = await randomFile(dir, 'train.jsonl', 3 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(netmind.stats.puts).toBe(1)
    const back = join(dir, 'back.jsonl')
    await adapter.download(done!.remote!.id, back)
    expect(await sha256(back)).toBe(await sha256(path))
  })

  it('a create whose answer was lost leaves no empty file object behind', async () => {
    const { dir, api, acct, adapter, engine } = await setup()
    api.addRule({ method: 'POST', path: /\/v1\/files$/, action: { dropResponse: true } })
    const path = await randomFile(dir, 'train.jsonl', MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(api.log.filter((l) => l.method === 'POST').map((l) => l.status)).toEqual(['dropped', 200])
    expect((await adapter.list()).map((f) => f.id)).toEqual([done!.remote!.id])
  })
})

describe('NetMind when the source is edited mid-PUT', () => {
  it('a same-size edit at 40 % ends in source_changed and the stored object is deleted', async () => {
    const { dir, storage, acct, adapter, engine } = await setup()
    storage.setRate(2 * MiB)
    const path = await randomFile(dir, 'edited.jsonl', 4 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter)
    const run = engine.run([job.id])
    await until(() => storage.bytesIn >= 1.6 * MiB, '40 % sent')
    const fh = await open(path, 'r+')
    await fh.write(Buffer.from('EDITED'), 0, 6, 100)
    await fh.close()
    const [failed] = await run
    expect(failed!.state).toBe('failed')
    expect(failed!.error?.code).toBe('source_changed')
    expect(await adapter.list()).toEqual([])
  })
})
