// Private files are private (issue 8, item 13): FERRY_HOME and every folder in it 0700, every file Ferry writes there 0600 —
// settings, accounts, account details, jobs, parts logs, check reports, the runner lock, samples and the sandbox's files —
// and files an older Ferry left 0644 become 0600 when they are opened. Modes are read with stat (the tests run as root).
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createHandlers } from '../../src/host/handlers'
import { confFactory } from '../../src/host/stores'
import { MemoryVault } from '../../src/host/vault'
import type { Result, Snapshot } from '../../src/shared/api'
import { onCleanup, tempDir } from '../helpers'
import { chatFile, until } from '../main/fixtures'
import { notPrivate } from './modes'

const posix = process.platform !== 'win32'
const SAMPLES = fileURLToPath(new URL('../../resources/samples', import.meta.url))

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.value
}

describe.runIf(posix)('private files', () => {
  it('a new FERRY_HOME is 0700 and everything the app writes in it is 0600', async () => {
    const dir = await tempDir()
    const home = join(dir, 'home', 'Ferry')
    const h = await createHandlers({ home, vault: new MemoryVault(), makeStore: confFactory, tickMs: 50, samplesDir: SAMPLES })
    onCleanup(() => h.close())
    ok(await h.updateSettings({ concurrency: 3 }))
    ok(await h.addAccount({ name: 'Work', provider: 'compatible', baseUrl: 'https://api.example.com/v1', key: 'sk-private-0123' }))
    const { jobIds } = ok(await h.addSampleFiles())
    const mine = ok(await h.addFiles({ paths: [await chatFile(dir, 'train.jsonl', 12)], accountId: 'sandbox', purpose: 'fine-tune' }))
    const ids = [...jobIds, ...mine.jobIds]
    await until(async () => ok(await h.snapshot()).jobs.filter((j) => ids.includes(j.id)).every((j) => j.state === 'completed'), 'the uploads to finish')
    ok(await h.testAccount({ id: 'sandbox' }))

    const names = await readdir(home)
    for (const name of ['settings.json', 'accounts.json', 'account-details.json', 'jobs', 'samples', 'sandbox', 'runner.lock']) expect(names).toContain(name)
    expect((await readdir(join(home, 'jobs'))).some((n) => n.endsWith('.report.json'))).toBe(true)
    expect(await notPrivate(join(dir, 'home'))).toEqual([])
  })

  it('settings and accounts an older Ferry left readable by others are made private when opened', async () => {
    const home = join(await tempDir(), 'home')
    await mkdir(home, { recursive: true, mode: 0o700 })
    for (const [name, text] of [
      ['settings.json', '{"settings":{}}'],
      ['accounts.json', '{"accounts":[]}'],
      ['account-details.json', '{"activeId":null,"chips":{},"lastTests":{}}']
    ]) {
      await writeFile(join(home, name!), text!)
      await chmod(join(home, name!), 0o644)
    }
    const h = await createHandlers({ home, vault: new MemoryVault(), makeStore: confFactory, tickMs: 50 })
    onCleanup(() => h.close())
    expect((ok(await h.snapshot()) as Snapshot).notices).toEqual([])
    expect(await notPrivate(home)).toEqual([])
  })
})
