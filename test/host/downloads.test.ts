// The app's Download over the real sandbox: a file already there is refused (the UI then asks), replaced or kept beside as
// "name (1).jsonl"; a folder saves into it under a safe name; a local fault is said as one, never "Waiting for network".
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/core/sandbox'
import { createHandlers } from '../../src/host/handlers'
import { confFactory } from '../../src/host/stores'
import { MemoryVault } from '../../src/host/vault'
import type { Result } from '../../src/shared/api'
import { onCleanup, tempDir } from '../helpers'

const KEY = 'sk-host-download-0123456789'
const CONTENT = '{"n":1}\n'

async function setup(filename = 'data.jsonl') {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox') })
  onCleanup(() => sandbox.close())
  const home = join(dir, 'home')
  await mkdir(home)
  const api = await createHandlers({ home, vault: new MemoryVault(), makeStore: confFactory, tickMs: 100 })
  onCleanup(() => api.close())
  const form = new FormData()
  form.set('purpose', 'user_data')
  form.set('file', new Blob([CONTENT]), filename)
  const res = await fetch(`${sandbox.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form })
  const { id } = (await res.json()) as { id: string }
  const accountId = ok(await api.addAccount({ name: 'Work', provider: 'compatible', baseUrl: sandbox.url, key: KEY })).id
  const out = join(dir, 'out')
  await mkdir(out)
  return { api, id, accountId, out }
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.value
}

describe('downloadFile', () => {
  it('refuses a file already there (the UI asks), then replaces it or keeps both as "name (1).jsonl"', async () => {
    const { api, id, accountId, out } = await setup()
    const dest = join(out, 'data.jsonl')
    await writeFile(dest, 'mine\n')
    const refused = await api.downloadFile({ accountId, id, destPath: dest })
    expect(!refused.ok && refused.error).toMatchObject({ code: 'file_exists', params: { path: dest } })
    expect(await readFile(dest, 'utf8')).toBe('mine\n')

    expect(ok(await api.downloadFile({ accountId, id, destPath: dest, ifExists: 'keepBoth' }))).toEqual({ path: join(out, 'data (1).jsonl'), bytes: CONTENT.length })
    expect(await readFile(dest, 'utf8')).toBe('mine\n')
    expect(await readFile(join(out, 'data (1).jsonl'), 'utf8')).toBe(CONTENT)

    expect(ok(await api.downloadFile({ accountId, id, destPath: dest, ifExists: 'replace' })).path).toBe(dest)
    expect(await readFile(dest, 'utf8')).toBe(CONTENT)
    expect((await readdir(out)).sort()).toEqual(['data (1).jsonl', 'data.jsonl'])
  })

  it('a folder saves into it under the safe name, not "Waiting for network"', async () => {
    const { api, id, accountId, out } = await setup('.hidden.jsonl')
    expect(ok(await api.downloadFile({ accountId, id, destPath: out })).path).toBe(join(out, 'hidden.jsonl'))
    expect(await readFile(join(out, 'hidden.jsonl'), 'utf8')).toBe(CONTENT)
  })

  it('a missing folder says so, in the app’s words too, never naming the temp file or the network', async () => {
    const { api, id, accountId, out } = await setup()
    const r = await api.downloadFile({ accountId, id, destPath: join(out, 'nowhere', 'data.jsonl') })
    expect(!r.ok && r.error).toMatchObject({ code: 'folder_missing', message: `The folder ${join(out, 'nowhere')} does not exist.` })
    expect(JSON.stringify(r)).not.toMatch(/\.part|network|reach/i)
    expect(await readdir(out)).toEqual([])
  })
})
