// The kill -9 matrix: each upload flow, killed at several points by SIGKILL, then `ferry resume`. Each cell must end with one
// byte-exact file, no duplicate, and no more sent twice than the flow allows. Prints the table the issue notes quote.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdapter } from '../../src/core/providers'
import { startFaultProxy, type FaultProxy } from '../doubles/faults'
import { startNetmindDouble } from '../doubles/netmind'
import { onCleanup, randomFile, sandboxBehindProxy, sha256, tempDir } from '../helpers'
import { ensureBuilt, ferry, start } from './cli-helpers'

const MiB = 1024 * 1024
const KEY = 'sk-matrix'

beforeAll(ensureBuilt)

interface Flow {
  name: string
  size: number
  /** The most a kill may cost: bytes sent twice. */
  maxResent: number
  setup(dir: string): Promise<{ proxy: FaultProxy; target: string[]; baseUrl: string; provider: 'sandbox' | 'yandex' | 'netmind' }>
}

/** A flow through the sandbox, as `provider`, with these upload options. */
function viaSandbox(name: string, provider: 'sandbox' | 'yandex', size: number, maxResent: number, options: string[] = []): Flow {
  return {
    name,
    size,
    maxResent,
    async setup(dir) {
      const { proxy } = await sandboxBehindProxy(dir)
      return { proxy, target: ['--provider', provider, '--base-url', proxy.url, ...options], baseUrl: proxy.url, provider }
    }
  }
}

const FLOWS: Flow[] = [
  viaSandbox('OpenAI Uploads API (parts of 1 MiB, 2 lanes)', 'sandbox', 24 * MiB, 2 * MiB + 64 * 1024, ['--part-size', '1', '--concurrency', '2']),
  viaSandbox('OpenAI POST /files', 'sandbox', 12 * MiB, 12 * MiB + 64 * 1024),
  viaSandbox('Yandex POST /files', 'yandex', 12 * MiB, 12 * MiB + 64 * 1024),
  {
    name: 'NetMind file object + presigned PUT',
    size: 12 * MiB,
    maxResent: 12 * MiB,
    async setup(dir) {
      const netmind = await startNetmindDouble({ dir: join(dir, 'nm') })
      onCleanup(() => netmind.close())
      const proxy = await startFaultProxy(netmind.storageUrl)
      onCleanup(() => proxy.close())
      netmind.useStorageUrl(proxy.url)
      return { proxy, target: ['--provider', 'netmind', '--base-url', `${netmind.url}/v1`], baseUrl: `${netmind.url}/v1`, provider: 'netmind' }
    }
  }
]

const POINTS = [0.15, 0.5, 0.9]
const rows: string[] = []

afterAll(() => {
  console.log(['flow | killed at | resumed | byte-exact | files stored | sent twice', ...rows].join('\n'))
})

describe('kill -9 matrix', () => {
  for (const flow of FLOWS) {
    for (const point of POINTS) {
      it(`${flow.name}, killed at ${point * 100} %`, async () => {
        const dir = await tempDir()
        const { proxy, target, baseUrl, provider } = await flow.setup(dir)
        const path = await randomFile(dir, 'matrix.jsonl', flow.size)
        const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: KEY }
        const up = start(['upload', path, '--purpose', 'fine-tune', '--force', ...target, '--speed-limit', '8', '--json'], env)
        await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= point * flow.size)
        up.child.kill('SIGKILL')
        expect((await up.done).signal).toBe('SIGKILL')
        const res = await ferry(['resume', '--json'], env)
        const done = res.events.find((e) => e.event === 'done')
        const adapter = createAdapter({ id: 'x', name: 'x', provider, baseUrl }, KEY)
        const files = await adapter.list()
        let exact = false
        if (done) {
          const back = join(dir, 'back.jsonl')
          await adapter.download(done.id as string, back)
          exact = (await sha256(back)) === (await sha256(path))
        }
        const resent = Math.max(0, proxy.bytesIn - flow.size)
        rows.push(`${flow.name} | ${point * 100} % | ${res.code === 0 ? 'yes' : `no (exit ${res.code})`} | ${exact ? 'yes' : 'NO'} | ${files.length} | ${(resent / MiB).toFixed(1)} MiB`)
        expect(res.code).toBe(0)
        expect(exact).toBe(true)
        expect(files).toHaveLength(1)
        expect(resent).toBeLessThanOrEqual(flow.maxResent)
      }, 60_000)
    }
  }
})
