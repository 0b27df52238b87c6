// A damaged queue entry never stops the queue: a folder or a FIFO where a job's file, its parts log, an inbox command or the
// runner lock belongs is moved aside intact (never deleted, never read), and everything else goes on.
import { execFileSync } from 'node:child_process'
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Inbox } from '../../../src/core/jobs/inbox'
import { acquireRunnerLock } from '../../../src/core/jobs/lock'
import { newJobRecord } from '../../../src/core/jobs/record'
import { JobStore } from '../../../src/core/jobs/store'
import { tempDir } from '../../helpers'

async function jobWithSession(store: JobStore): Promise<string> {
  const job = newJobRecord({
    state: 'paused',
    file: { path: '/data/train.jsonl', name: 'train.jsonl', size: 100, mtimeMs: 1 },
    account: { id: 'sandbox', name: 'Sandbox', provider: 'sandbox' },
    purpose: 'fine-tune',
    partSize: 64,
    concurrency: 1,
    expiresAfterSeconds: undefined,
    autoPurpose: undefined,
    uploadAnyway: undefined
  })
  job.checkpoint = { upload: { id: 'upload_1', expiresAt: Date.now() / 1000 + 3600, partSize: 64 } }
  await store.save(job)
  return job.id
}

describe('a damaged queue entry', () => {
  it('a folder or a FIFO named like a job, or a folder as a parts log, is moved aside and the jobs are read', async () => {
    const store = new JobStore(await tempDir())
    const id = await jobWithSession(store)
    await mkdir(join(store.dir, 'job_folder.json', 'inside'), { recursive: true })
    await writeFile(join(store.dir, 'job_folder.json', 'inside', 'kept.txt'), 'kept')
    await mkdir(join(store.dir, `${id}.parts.jsonl`))
    execFileSync('mkfifo', [join(store.dir, 'job_fifo.json')])

    const { jobs, quarantined } = await store.all()
    expect(jobs.map((j) => j.id)).toEqual([id])
    expect(jobs[0]!.bytesSent).toBe(0)
    const damaged = [`${id}.parts.jsonl`, 'job_fifo.json', 'job_folder.json'].map((n) => join(store.dir, n))
    expect(quarantined.map((q) => q.file).sort()).toEqual(damaged.sort())
    for (const q of quarantined) {
      expect(q.reason).toMatch(/folder/)
      expect(q.movedTo.startsWith(`${q.file}.damaged-`)).toBe(true)
    }
    // Intact where it went; the job reads on, and its parts log can be written again.
    const folder = quarantined.find((q) => q.file.endsWith('job_folder.json'))!
    expect(await readdir(join(folder.movedTo, 'inside'))).toEqual(['kept.txt'])
    await store.appendPart(id, { uploadId: 'upload_1', index: 0, offset: 0, length: 64, partId: 'p0' })
    expect((await store.load(id))?.bytesSent).toBe(64)
    expect((await store.all()).quarantined).toEqual([])
  })

  it('a folder in the inbox is moved aside and the commands after it are carried out', async () => {
    const inbox = new Inbox((await tempDir()) + '/jobs')
    await mkdir(join(inbox.dir, '000000000000000-1-aaaaaa.json'), { recursive: true })
    await inbox.send({ verb: 'pause', jobId: 'job_a' })
    expect(await inbox.take()).toEqual([{ verb: 'pause', jobId: 'job_a' }])
    const left = await readdir(inbox.dir)
    expect(left).toHaveLength(1)
    expect(left[0]).toMatch(/^000000000000000-1-aaaaaa\.json\.damaged-/)
    expect(await inbox.take()).toEqual([])
  })

  it('a folder where the runner lock belongs is moved aside, and the lock is taken', async () => {
    const home = await tempDir()
    await mkdir(join(home, 'runner.lock', 'inside'), { recursive: true })
    const got = await acquireRunnerLock(home)
    expect('lock' in got).toBe(true)
    if ('lock' in got) await got.lock.release()
    const aside = (await readdir(home)).filter((n) => n.startsWith('runner.lock.'))
    expect(aside).toHaveLength(1)
    expect((await stat(join(home, aside[0]!, 'inside'))).isDirectory()).toBe(true)
  })
})
