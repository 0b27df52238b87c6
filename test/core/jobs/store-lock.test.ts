// The queue's disk format survives crashes: torn part-log lines, damaged job files moved aside intact, stale runner locks.
import { spawnSync } from 'node:child_process'
import { appendFile, readdir, readFile, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JobStore } from '../../../src/core/jobs/store'
import { acquireRunnerLock } from '../../../src/core/jobs/lock'
import { AccountStore } from '../../../src/core/accounts/store'
import { ferryHome } from '../../../src/core/home'
import { tempDir } from '../../helpers'

describe('JobStore', () => {
  it('reads the parts log up to a torn last line (a crash mid-append) without failing', async () => {
    const home = await tempDir()
    const store = new JobStore(home)
    await mkdir(store.dir, { recursive: true })
    await store.appendPart('job_a', { uploadId: 'u', index: 0, offset: 0, length: 10, partId: 'p0' })
    await store.appendPart('job_a', { uploadId: 'u', index: 1, offset: 10, length: 10, partId: 'p1' })
    await appendFile(join(store.dir, 'job_a.parts.jsonl'), '{"uploadId":"u","ind')
    expect((await store.readParts('job_a')).map((p) => p.partId)).toEqual(['p0', 'p1'])
  })

  it('moves a job file that is not a job aside with its bytes, and lists the rest', async () => {
    const home = await tempDir()
    const store = new JobStore(home)
    await mkdir(store.dir, { recursive: true })
    await writeFile(join(store.dir, 'job_x.json'), '{"version":1,"state":"flying"}')
    const { jobs, quarantined } = await store.all()
    expect(jobs).toEqual([])
    expect(quarantined).toHaveLength(1)
    expect(await readFile(quarantined[0]!.movedTo, 'utf8')).toBe('{"version":1,"state":"flying"}')
    expect(await readdir(store.dir)).not.toContain('job_x.json')
  })
})

describe('runner lock', () => {
  it('one holder at a time; a lock whose process is gone is taken over', async () => {
    const home = await tempDir()
    const first = await acquireRunnerLock(home)
    expect('lock' in first).toBe(true)
    const second = await acquireRunnerLock(home)
    expect(second).toMatchObject({ heldBy: { pid: process.pid } })
    if ('lock' in first) await first.lock.release()

    // A lock left by a process that no longer exists (as after kill -9).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    await writeFile(join(home, 'runner.lock'), JSON.stringify({ pid: Number(dead), host: (await import('node:os')).hostname(), heartbeat: Date.now() }))
    const third = await acquireRunnerLock(home)
    expect('lock' in third).toBe(true)
    if ('lock' in third) await third.lock.release()
  })
})

describe('AccountStore', () => {
  it('moves a damaged accounts.json aside and starts empty, telling where it went', async () => {
    const home = await tempDir()
    await writeFile(join(home, 'accounts.json'), '{"accounts": [ {"id": ')
    const { store, quarantined } = AccountStore.open(home)
    expect(store.all()).toEqual([])
    expect(await readFile(quarantined!.movedTo, 'utf8')).toBe('{"accounts": [ {"id": ')
  })

  it('keeps accounts by name and id, refuses a duplicate name', async () => {
    const home = await tempDir()
    const { store } = AccountStore.open(home)
    const a = store.add({ name: 'Work', provider: 'openai' })
    expect(store.find('Work')?.id).toBe(a.id)
    expect(() => store.add({ name: 'Work', provider: 'netmind' })).toThrow(/already an account named/)
    expect(AccountStore.open(home).store.find(a.id)?.name).toBe('Work')
  })
})

describe('ferryHome', () => {
  it('uses FERRY_HOME, else the app’s user-data folder per platform', () => {
    expect(ferryHome({ FERRY_HOME: '/x' }, 'linux')).toBe('/x')
    expect(ferryHome({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Ferry')
    expect(ferryHome({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.Ferry$/)
    expect(ferryHome({}, 'darwin')).toMatch(/Library.Application Support.Ferry$/)
  })
})
