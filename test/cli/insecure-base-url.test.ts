// A key never crosses a network unencrypted (issue 8, item 11): `ferry accounts add` and `ferry upload --base-url` refuse an
// http:// base URL unless it is this computer's, and save or send nothing.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers'
import { ensureBuilt, ferry } from './cli-helpers'

beforeAll(ensureBuilt)

describe('ferry accounts add --base-url', () => {
  it('refuses plain http:// to another host, and takes it for localhost', async () => {
    const env = { FERRY_HOME: join(await tempDir(), 'home'), FERRY_API_KEY: 'sk-cli-0123456789' }
    const refused = await ferry(['accounts', 'add', 'Far', '--provider', 'compatible', '--base-url', 'http://api.example.com/v1'], env)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/https:\/\//)
    expect(refused.stderr).not.toContain('sk-cli-0123456789')
    expect((await ferry(['accounts', 'add', 'Near', '--provider', 'compatible', '--base-url', 'http://localhost:8000/v1'], env)).code).toBe(0)
    const names = (await ferry(['accounts', 'ls', '--json'], env)).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { name: string }).name)
    expect(names).toEqual(['Near'])
  })

  it('an upload with --provider and an http:// base URL to another host is refused before the key is used', async () => {
    const dir = await tempDir()
    const path = join(dir, 'a.jsonl')
    await writeFile(path, '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n')
    const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: 'sk-cli-0123456789' }
    const r = await ferry(['upload', path, '--purpose', 'fine-tune', '--provider', 'compatible', '--base-url', 'http://192.0.2.1:9/v1'], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/must start with https:\/\//)
  })
})
