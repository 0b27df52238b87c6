// Yandex AI Studio and generic OpenAI-compatible servers: their auth headers, required expiry, and one-request uploads.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../../src/core/sandbox'
import { createAdapter } from '../../../src/core/providers'
import { account, engineFor, onCleanup, randomFile, sparseFile, tempDir } from '../../helpers'

const MiB = 1024 * 1024

async function server(opts: Parameters<typeof startSandbox>[0] extends infer O ? Partial<O> : never) {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sb'), ...opts })
  onCleanup(() => sandbox.close())
  return { dir, sandbox }
}

describe('Yandex AI Studio', () => {
  it('sends the key as Api-Key and always sends an expiry, which the server requires', async () => {
    const { dir, sandbox } = await server({ auth: 'api-key', requireExpiresAfter: true })
    const acct = account('yandex', sandbox.url, { folderId: 'b1gfolder' })
    const adapter = createAdapter(acct, 'AQVN-service-account-key')
    const engine = engineFor(join(dir, 'home'), adapter)
    const path = await randomFile(dir, 'ft.jsonl', 2 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'fine-tune', partSize: MiB / 2 }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    // No Uploads API at Yandex: one multipart request even for a file of several "parts".
    expect(sandbox.stats.uploadsCreated).toBe(0)
    expect(done!.remote!.expiresAt! - done!.remote!.createdAt).toBe(2_592_000)
  })

  it('refuses a file over 128 MB before sending a byte, naming the limit as Yandex states it', async () => {
    const { dir, sandbox } = await server({})
    const acct = account('yandex', sandbox.url)
    const adapter = createAdapter(acct, 'AQVN-key')
    const engine = engineFor(join(dir, 'home'), adapter)
    const path = await sparseFile(dir, 'huge.jsonl', 128 * MiB + 1)
    const err = await engine.enqueue({ path, account: acct, purpose: 'fine-tune' }, adapter).catch((e) => e)
    expect(err.code).toBe('file_too_large')
    expect(err.message).toContain('128 MB')
    expect(sandbox.stats.requests).toHaveLength(0)
    expect((await engine.store.all()).jobs).toHaveLength(0)
  })
})

describe('OpenAI-compatible servers', () => {
  it('uses the configured api-key header and a single POST /files when the server has no Uploads API', async () => {
    const { dir, sandbox } = await server({ auth: 'api-key' })
    const acct = account('compatible', sandbox.url, { authScheme: 'api-key-header' })
    const adapter = createAdapter(acct, 'compat-key')
    const engine = engineFor(join(dir, 'home'), adapter)
    const path = await randomFile(dir, 'batch.jsonl', 3 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'batch', partSize: MiB }, adapter)
    const [done] = await engine.run([job.id])
    expect(done!.state).toBe('completed')
    expect(sandbox.stats.uploadsCreated).toBe(0)
    expect(adapter.resumable({ size: 3 * MiB, partSize: MiB } as never)).toBe(false)
  })

  it('uses the Uploads API when the account says the server supports it', async () => {
    const { dir, sandbox } = await server({})
    const acct = account('compatible', sandbox.url, { supportsUploads: true })
    const adapter = createAdapter(acct, 'compat-key')
    const engine = engineFor(join(dir, 'home'), adapter)
    const path = await randomFile(dir, 'batch.jsonl', 3 * MiB)
    const job = await engine.enqueue({ path, account: acct, purpose: 'batch', partSize: MiB }, adapter)
    await engine.run([job.id])
    expect(sandbox.stats.uploadsCreated).toBe(1)
    expect(sandbox.stats.partsCreated).toBe(3)
  })

  it('needs a base URL, and says so plainly', () => {
    expect(() => createAdapter({ id: 'x', name: 'x', provider: 'compatible' }, 'k')).toThrow(/base URL/)
  })
})
