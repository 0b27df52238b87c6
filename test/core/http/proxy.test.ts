// HTTPS_PROXY / HTTP_PROXY and NO_PROXY are honoured: requests tunnel through the proxy unless the host is excluded.
import { createServer } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../../src/core/sandbox'
import { createAdapter } from '../../../src/core/providers'
import { onCleanup, tempDir } from '../../helpers'

async function connectProxy() {
  const tunnels: string[] = []
  const server = createServer()
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  onCleanup(() => new Promise((r) => server.close(r)))
  server.unref()
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels }
}

afterEach(() => {
  delete process.env.HTTP_PROXY
  delete process.env.NO_PROXY
})

describe('proxies', () => {
  it('sends requests through HTTP_PROXY, and straight to hosts listed in NO_PROXY', async () => {
    const dir = await tempDir()
    const sandbox = await startSandbox({ dir: join(dir, 'sb') })
    onCleanup(() => sandbox.close())
    const proxy = await connectProxy()
    const adapter = createAdapter({ id: 'a', name: 'a', provider: 'sandbox', baseUrl: sandbox.url }, 'sk-p')

    process.env.HTTP_PROXY = proxy.url
    expect(await adapter.list()).toEqual([])
    expect(proxy.tunnels).toEqual([`127.0.0.1:${sandbox.port}`])

    process.env.NO_PROXY = '127.0.0.1'
    expect(await adapter.list()).toEqual([])
    expect(proxy.tunnels).toHaveLength(1)
  })
})
