// A damaged queue entry never stops the queue (issue 8, item 10), with real processes on one FERRY_HOME: a folder where a job's
// file, its parts log or the runner lock belongs is moved aside intact, the person is told where it went, and `ferry queue`,
// `ferry resume`, `ferry upload` and the browser host go on with the rest.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers'
import { chatFile } from '../main/fixtures'
import { ensureBuilt, ferry } from './cli-helpers'
import { startWebHost } from './web-host'

beforeAll(ensureBuilt)

/** A FERRY_HOME with one job uploaded to the in-process sandbox. */
async function homeWithOneJob() {
  const dir = await tempDir()
  const home = join(dir, 'home')
  const env = { FERRY_HOME: home }
  const up = await ferry(['upload', await chatFile(dir, 'first.jsonl', 12), '--purpose', 'fine-tune', '--provider', 'sandbox', '--json'], env)
  expect(up.code).toBe(0)
  const [done] = (await readdir(join(home, 'jobs'))).filter((n) => /^job_\w+\.json$/.test(n))
  return { dir, home, env, done: done!.replace(/\.json$/, '') }
}

const ids = (stdout: string): string[] => stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id)

/** A folder put where a file belongs, with something inside that must survive. */
async function folderAt(path: string): Promise<void> {
  await mkdir(path, { recursive: true })
  await writeFile(join(path, 'kept.txt'), 'kept')
}

async function keptAside(path: string, told: string): Promise<void> {
  const movedTo = new RegExp(`${path.replace(/[.]/g, '\\.')}\\.damaged-[\\w-]+`).exec(told)?.[0]
  expect(movedTo, `the message names where ${path} went: ${told}`).toBeDefined()
  expect(await readFile(join(movedTo!, 'kept.txt'), 'utf8')).toBe('kept')
}

describe('a damaged queue entry', () => {
  it('a folder named like a job: ferry queue and ferry resume name where it went and go on; ferry upload too', async () => {
    const { dir, home, env, done } = await homeWithOneJob()
    const entry = join(home, 'jobs', 'job_x.json')

    await folderAt(entry)
    const listed = await ferry(['queue', '--json'], env)
    expect(ids(listed.stdout.split('\n').filter((l) => !l.includes('"recovered"')).join('\n'))).toEqual([done])
    // Like any damaged entry: told (a "recovered" event with --json) with the place it went, and the exit code says so.
    expect(listed.code).toBe(1)
    await keptAside(entry, listed.stdout + listed.stderr)

    await folderAt(entry)
    const resumed = await ferry(['resume'], env)
    expect(resumed.code).toBe(1)
    await keptAside(entry, resumed.stdout + resumed.stderr)

    await folderAt(entry)
    const up = await ferry(['upload', await chatFile(dir, 'second.jsonl', 12), '--purpose', 'fine-tune', '--provider', 'sandbox', '--json'], env)
    expect(up.events.filter((e) => e.event === 'done')).toHaveLength(1)
    // ferry upload moves it aside too, and says where it went.
    expect(up.events.filter((e) => e.event === 'recovered')).toHaveLength(1)
    await keptAside(entry, up.stdout + up.stderr)
  })

  it('a folder where a paused job’s parts log belongs: the job is listed and resumable, the rest goes on', async () => {
    const { dir, home, env, done } = await homeWithOneJob()
    // The job as a paused Uploads API upload leaves it: a session, and its parts log beside it.
    const record = JSON.parse(await readFile(join(home, 'jobs', `${done}.json`), 'utf8')) as Record<string, unknown>
    const halfway = { ...record, id: 'job_halfway', state: 'paused', remote: undefined, checkpoint: { upload: { id: 'upload_1', expiresAt: Date.now() / 1000 + 3600, partSize: 8 << 20 } } }
    await writeFile(join(home, 'jobs', 'job_halfway.json'), JSON.stringify(halfway))
    const parts = join(home, 'jobs', 'job_halfway.parts.jsonl')

    await folderAt(parts)
    const listed = await ferry(['queue', '--json'], env)
    expect(listed.stdout + listed.stderr).not.toMatch(/EISDIR|unexpected/i)
    expect(ids(listed.stdout.split('\n').filter((l) => !l.includes('"recovered"')).join('\n')).sort()).toEqual([done, 'job_halfway'].sort())
    await keptAside(parts, listed.stdout + listed.stderr)

    await folderAt(parts)
    const resumed = await ferry(['resume'], env)
    expect(resumed.stderr).not.toMatch(/EISDIR|unexpected/i)
    await keptAside(parts, resumed.stdout + resumed.stderr)

    await folderAt(parts)
    const up = await ferry(['upload', await chatFile(dir, 'second.jsonl', 12), '--purpose', 'fine-tune', '--provider', 'sandbox', '--json'], env)
    expect(up.events.filter((e) => e.event === 'done')).toHaveLength(1)
  })

  it('the browser host starts past a folder named like a job, or where its parts log or the runner lock belongs, and says where they went', async () => {
    const { home, done } = await homeWithOneJob()
    await folderAt(join(home, 'jobs', 'job_x.json'))
    await folderAt(join(home, 'jobs', `${done}.parts.jsonl`))
    await folderAt(join(home, 'runner.lock'))
    const host = await startWebHost(home)
    const snap = await host.call<{ jobs: { id: string }[]; notices: { code: string; params?: { where: string } }[] }>('snapshot')
    expect(snap.ok).toBe(true)
    expect(snap.value.jobs.map((j) => j.id)).toEqual([done])
    const repaired = snap.value.notices.find((n) => n.code === 'queue_repaired')
    await keptAside(join(home, 'jobs', 'job_x.json'), repaired?.params?.where ?? '')
    await keptAside(join(home, 'jobs', `${done}.parts.jsonl`), repaired?.params?.where ?? '')
    // The lock's folder is kept too, under another name.
    const aside = (await readdir(home)).filter((n) => n.startsWith('runner.lock.'))
    expect(aside).toHaveLength(1)
    expect((await stat(join(home, aside[0]!, 'kept.txt'))).isFile()).toBe(true)
    await host.stop()
  })
})
