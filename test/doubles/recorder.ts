// An OpenAI-compatible server that lists no files and writes down the Authorization of every request: where did a key go?
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { onCleanup } from '../helpers'

export async function keyRecorder(): Promise<{ url: string; keys: string[] }> {
  const keys: string[] = []
  const server = createServer((req, res) => {
    keys.push(String(req.headers.authorization ?? ''))
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ object: 'list', data: [], has_more: false }))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  onCleanup(() => new Promise((done) => server.close(done)))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, keys }
}
