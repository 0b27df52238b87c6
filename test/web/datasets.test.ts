// Only datasets are read (issue 8, item 12), through the browser host as a real process: a page may name any path, but only a
// regular, non-empty .jsonl file (or a folder of them) is queued — judged by kind, name and size before a byte is read — and
// the lines of a file are shown only when it was queued as a dataset.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { JobView, Snapshot } from '../../src/shared/api'
import { startSandbox } from '../../src/core/sandbox'
import { onCleanup, tempDir } from '../helpers'
import { chatFile, until } from '../main/fixtures'
import { ensureBuilt, ferry } from '../cli/cli-helpers'
import { startWebHost } from '../cli/web-host'

beforeAll(ensureBuilt)

const SECRET_LINE = 'root:$6$SECRET-HASH-never-shown:19000:0:99999:7:::'

describe('only datasets are read', () => {
  it('refuses a path that is not a non-empty .jsonl file before reading it, and takes datasets', async () => {
    const dir = await tempDir()
    const shadow = join(dir, 'shadow')
    await writeFile(shadow, `${SECRET_LINE}\n`)
    const renamed = join(dir, 'shadow.txt')
    await writeFile(renamed, `${SECRET_LINE}\n`)
    const empty = join(dir, 'empty.jsonl')
    await writeFile(empty, '')
    const fifo = join(dir, 'pipe.jsonl')
    execFileSync('mkfifo', [fifo])
    const host = await startWebHost(join(dir, 'home'))
    const add = (path: string) => host.call<{ jobIds: string[] }>('addFiles', { paths: [path], accountId: 'sandbox', purpose: 'fine-tune' })

    for (const path of [shadow, renamed, fifo, '/dev/zero', '/dev/null']) {
      expect(await add(path), path).toMatchObject({ ok: false, error: { code: 'not_a_dataset' } })
    }
    expect(await add(empty)).toMatchObject({ ok: false, error: { code: 'file_empty' } })
    // A folder stands for its non-empty .jsonl files.
    const folder = join(dir, 'sets')
    await mkdir(join(folder, 'more'), { recursive: true })
    await chatFile(folder, 'a.jsonl', 12)
    await chatFile(join(folder, 'more'), 'b.jsonl', 12)
    await writeFile(join(folder, 'c.jsonl'), '')
    await writeFile(join(folder, 'notes.txt'), SECRET_LINE)
    const added = await add(folder)
    expect(added.ok).toBe(true)
    const snap = (await host.call<Snapshot>('snapshot')).value
    expect(snap.jobs.map((j) => j.file.name).sort()).toEqual(['a.jsonl', 'b.jsonl'])
    expect(JSON.stringify(snap)).not.toContain('SECRET-HASH')
    await host.stop()
  })

  it('shows no lines of a file queued from a terminal that is not a .jsonl dataset', async () => {
    const dir = await tempDir()
    const home = join(dir, 'home')
    const secret = join(dir, 'shadow.txt')
    await writeFile(secret, `${SECRET_LINE}\n${SECRET_LINE}\n`)
    // A server with no extension rules: `ferry upload --force` checks the file's lines as the person asked, then sends it.
    const server = await startSandbox({ dir: join(dir, 'remote') })
    onCleanup(() => server.close())
    const env = { FERRY_HOME: home, FERRY_API_KEY: 'sk-terminal-0123' }
    await ferry(['upload', secret, '--purpose', 'fine-tune', '--provider', 'compatible', '--base-url', server.url, '--force'], env)
    const host = await startWebHost(home)
    let job: JobView | undefined
    await until(async () => (job = (await host.call<Snapshot>('snapshot')).value.jobs[0]) !== undefined, 'the job')
    for (const all of [false, true]) {
      const report = await host.call('validationReport', { jobId: job!.id, all })
      expect(report.ok).toBe(false)
      expect(JSON.stringify(report)).not.toContain('SECRET-HASH')
    }
    await host.stop()
  })
})
