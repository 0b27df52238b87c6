// The FerryApi handlers over a temp FERRY_HOME and the real sandbox: accounts without leaking keys, the check → upload flow,
// queue actions, remote files (download with a full disk), connection tests, and damaged stores that never crash the host.
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/core/sandbox'
import { createHandlers, type FerryHandlers, type HostPorts } from '../../src/host/handlers'
import { confFactory } from '../../src/host/stores'
import { MemoryVault } from '../../src/host/vault'
import type { FerryEvent, JobView, Result } from '../../src/shared/api'
import type { DownloadFaults } from '../../src/host/downloads'
import { startFaultProxy } from '../doubles/faults'
import { onCleanup, sha256, tempDir } from '../helpers'
import { chatFile, until } from '../main/fixtures'

const KiB = 1024
const SECRET = 'sk-proj-SECRETsecretSECRET-9f8e7d6c5b4a-key-z9y8'

interface Host {
  api: FerryHandlers
  home: string
  dir: string
  events: FerryEvent[]
  faults: DownloadFaults
  job(id: string): Promise<JobView | undefined>
}

async function host(
  opts: { home?: string; dir?: string; before?: (home: string) => Promise<void>; samplesDir?: string; dialogs?: HostPorts['dialogs'] } = {}
): Promise<Host> {
  const dir = opts.dir ?? (await tempDir())
  const home = opts.home ?? join(dir, 'home')
  await mkdir(home, { recursive: true })
  await opts.before?.(home)
  const faults: DownloadFaults = {}
  const ports: HostPorts = {
    home,
    vault: new MemoryVault(),
    makeStore: confFactory,
    tickMs: 100,
    faults,
    ...(opts.samplesDir ? { samplesDir: opts.samplesDir } : {}),
    ...(opts.dialogs ? { dialogs: opts.dialogs } : {})
  }
  const api = await createHandlers(ports)
  onCleanup(() => api.close())
  const events: FerryEvent[] = []
  api.onEvent((e) => events.push(e))
  return {
    api,
    home,
    dir,
    events,
    faults,
    async job(id) {
      return ok(await api.snapshot()).jobs.find((j) => j.id === id)
    }
  }
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.value
}

async function settled(h: Host, id: string, state: JobView['state']): Promise<JobView> {
  await until(async () => (await h.job(id))?.state === state, `job ${id} ${state}`)
  return (await h.job(id))!
}

describe('handlers', () => {
  it('a fresh FERRY_HOME has only the sandbox, no active account, and the default settings', async () => {
    const h = await host()
    const snap = ok(await h.api.snapshot())
    expect(snap.accounts.map((a) => a.name)).toEqual(['Sandbox (practice)'])
    expect(snap.activeAccountId).toBeNull()
    expect(snap.settings).toMatchObject({ concurrency: 2, partSizeMiB: 64, autoStart: true, speedLimit: null, notifications: true })
    expect(snap.notices).toEqual([])
    const r = await h.api.addFiles({ paths: [await chatFile(h.dir, 'a.jsonl', 12)] })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.code).toBe('no_account')
  })

  it('adds an account whose key never comes back, in any result or event, and uploads with it', async () => {
    const h = await host()
    const sb = await startSandbox({ dir: join(h.dir, 'remote') })
    onCleanup(() => sb.close())
    const acct = ok(await h.api.addAccount({ name: 'Work', provider: 'openai', baseUrl: sb.url, key: SECRET }))
    expect(acct.maskedKey).toBe('••••z9y8')
    expect(acct.keyStorage).toBe('session')
    expect(acct.chip.initials).toBe('WR')
    const snap = ok(await h.api.snapshot())
    expect(snap.activeAccountId).toBe(acct.id)

    const { jobIds: [job] } = ok(await h.api.addFiles({ paths: [await chatFile(h.dir, 'train.jsonl', 12)] }))
    const done = await settled(h, job!, 'completed')
    expect(done.remoteId).toMatch(/^file-/)
    expect(ok(await h.api.testAccount({ id: acct.id }))).toEqual({ files: 1 })
    const files = ok(await h.api.listFiles({}))
    expect(files.map((f) => f.id)).toEqual([done.remoteId])

    const everything = JSON.stringify([ok(await h.api.snapshot()), h.events, files])
    expect(everything).not.toContain(SECRET)
    expect(everything).not.toContain(SECRET.slice(0, 12))
    expect(h.events.some((e) => e.type === 'progress')).toBe(true)
  })

  it('sandbox: check → upload → Uploaded, then list, download (same bytes), a full disk, and delete', async () => {
    const h = await host()
    ok(await h.api.setActiveAccount({ id: 'sandbox' }))
    const path = await chatFile(h.dir, 'data.jsonl', 200, { lineBytes: 2 * KiB })
    const { jobIds: [added] } = ok(await h.api.addFiles({ paths: [path] }))
    expect(h.events.find((e) => e.type === 'job' && e.job.id === added)).toMatchObject({ job: { state: 'validating' } })
    const done = await settled(h, added!, 'completed')
    await until(() => h.events.some((e) => e.type === 'job' && e.job.id === added! && e.job.state === 'completed'), 'completion event')
    const states = h.events.filter((e): e is Extract<FerryEvent, { type: 'job' }> => e.type === 'job' && e.job.id === added!).map((e) => e.job.state)
    expect(states).toEqual(expect.arrayContaining(['validating', 'ready', 'uploading', 'completed']))
    expect(done.check).toMatchObject({ valid: true, errors: 0 })

    const files = ok(await h.api.listFiles({ purpose: 'fine-tune' }))
    expect(files[0]).toMatchObject({ id: done.remoteId, filename: 'data.jsonl', purpose: 'fine-tune' })

    const out = join(h.dir, 'saved')
    await mkdir(out)
    const saved = ok(await h.api.downloadFile({ id: done.remoteId!, destPath: join(out, 'copy.jsonl') }))
    expect(saved.bytes).toBe(done.file.size)
    expect(await sha256(saved.path)).toBe(await sha256(path))
    expect(h.events.some((e) => e.type === 'download' && e.id === done.remoteId)).toBe(true)

    h.faults.diskFullAfterBytes = 1
    const full = await h.api.downloadFile({ id: done.remoteId!, destPath: join(out, 'again.jsonl') })
    expect(full.ok).toBe(false)
    expect(!full.ok && full.error.code).toBe('disk_full')
    expect(!full.ok && full.error.message).toMatch(/^Not enough space\. "again\.jsonl"/)
    expect((await readdir(out)).sort()).toEqual(['copy.jsonl'])

    const del = ok(await h.api.deleteFiles({ ids: [done.remoteId!, 'file-nope'] }))
    expect(del.deleted).toEqual([done.remoteId])
    expect(del.failed.map((f) => f.id)).toEqual(['file-nope'])
    expect(ok(await h.api.listFiles({}))).toEqual([])
  })

  it('the OS dialogs: chosen files, a save path in Downloads; Show in folder only for what Ferry saved or was given', async () => {
    const dir = await tempDir()
    const data = await chatFile(dir, 'picked.jsonl', 12)
    const revealed: string[] = []
    const asked: string[] = []
    const h = await host({
      dir,
      dialogs: {
        openFiles: async () => [data],
        savePath: async (name) => (asked.push(name), join(dir, 'out', name)),
        reveal: (p) => void revealed.push(p)
      }
    })
    expect(ok(await h.api.snapshot()).nativeDialogs).toBe(true)
    expect(ok(await h.api.chooseFiles()).paths).toEqual([data])
    // Only a name reaches the dialog: a page cannot steer it to another folder.
    expect(ok(await h.api.chooseSavePath({ name: '../../etc/passwd' })).path).toBe(join(dir, 'out', 'passwd'))
    expect(asked).toEqual(['passwd'])

    ok(await h.api.setActiveAccount({ id: 'sandbox' }))
    const { jobIds: [job] } = ok(await h.api.addFiles({ paths: [data] }))
    const done = await settled(h, job!, 'completed')
    await mkdir(join(dir, 'out'))
    // The app downloads only where its save dialog was told to.
    const elsewhere = await h.api.downloadFile({ id: done.remoteId!, destPath: join(dir, 'copy.jsonl') })
    expect(!elsewhere.ok && elsewhere.error.code).toBe('not_allowed')
    expect(existsSync(join(dir, 'copy.jsonl'))).toBe(false)
    ok(await h.api.chooseSavePath({ name: 'copy.jsonl' }))
    const saved = ok(await h.api.downloadFile({ id: done.remoteId!, destPath: join(dir, 'out', 'copy.jsonl') }))
    ok(await h.api.showInFolder({ path: saved.path }))
    ok(await h.api.showInFolder({ path: data }))
    expect(revealed).toEqual([saved.path, data])
    const refused = await h.api.showInFolder({ path: '/etc/passwd' })
    expect(!refused.ok && refused.error.code).toBe('not_allowed')
    expect(revealed).toHaveLength(2)
  })

  it('Cancel stops a download: it answers "download_cancelled" and leaves nothing on disk', async () => {
    const h = await host()
    const sb = await startSandbox({ dir: join(h.dir, 'remote') })
    onCleanup(() => sb.close())
    const proxy = await startFaultProxy(sb.url)
    onCleanup(() => proxy.close())
    const key = 'sk-cancel-0123456789abcdef'
    const form = new FormData()
    form.set('purpose', 'user_data')
    form.set('file', new Blob(['{"n":1}\n']), 'slow.jsonl')
    const { id } = (await (await fetch(`${sb.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form }).then((r) => r.json()))) as { id: string }
    const acct = ok(await h.api.addAccount({ name: 'Slow', provider: 'compatible', baseUrl: proxy.url, key }))
    // The content request waits at the proxy until the test cancels it.
    proxy.addRule({ method: 'GET', path: /\/content$/, action: { stallMs: 60_000 } })
    const out = join(h.dir, 'out')
    await mkdir(out)
    const pending = h.api.downloadFile({ accountId: acct.id, id, destPath: join(out, 'slow.jsonl') })
    await until(() => proxy.arrivals.some((a) => a.path.endsWith('/content')), 'the content request at the proxy')
    const second = await h.api.downloadFile({ accountId: acct.id, id, destPath: join(out, 'again.jsonl') })
    expect(!second.ok && second.error.code).toBe('already_downloading')
    expect(ok(await h.api.cancelDownload({ id }))).toEqual({ cancelled: true })
    const r = await pending
    expect(!r.ok && r.error).toMatchObject({ code: 'download_cancelled', message: 'Download cancelled; "slow.jsonl" was not saved.' })
    expect(await readdir(out)).toEqual([])
    expect(ok(await h.api.cancelDownload({ id }))).toEqual({ cancelled: false })
  })

  it('a browser host has no OS dialogs: it says so, and the snapshot tells the UI to ask for typed paths', async () => {
    const h = await host()
    expect(ok(await h.api.snapshot()).nativeDialogs).toBe(false)
    for (const r of [await h.api.chooseFiles(), await h.api.chooseSavePath({ name: 'a.jsonl' }), await h.api.showInFolder({ path: '/tmp' })]) {
      expect(!r.ok && r.error).toMatchObject({ code: 'not_available', message: 'This needs the desktop app.' })
    }
  })

  it('pages an account’s files newest first (listFilesPage), with its purpose filter; listFiles still gives them all', async () => {
    const h = await host()
    const sb = await startSandbox({ dir: join(h.dir, 'remote') })
    onCleanup(() => sb.close())
    const key = 'sk-pages-0123456789abcdef'
    const acct = ok(await h.api.addAccount({ name: 'Archive', provider: 'compatible', baseUrl: sb.url, key }))
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      // Providers date files to the second; the sandbox orders a second's files by id, so "newest" is read from the list.
      const form = new FormData()
      form.set('purpose', i % 2 ? 'batch' : 'user_data')
      form.set('file', new Blob([`{"n":${i}}\n`]), `f${i}.jsonl`)
      const res = await fetch(`${sb.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form })
      made.push(((await res.json()) as { id: string }).id)
    }
    const all = ok(await h.api.listFiles({ accountId: acct.id }))
    expect(all.map((f) => f.id).sort()).toEqual([...made].sort())

    const first = ok(await h.api.listFilesPage({ accountId: acct.id, limit: 2 }))
    expect(first).toEqual({ files: all.slice(0, 2), hasMore: true, after: all[1]!.id })
    const second = ok(await h.api.listFilesPage({ accountId: acct.id, limit: 2, after: first.after! }))
    expect(second).toEqual({ files: all.slice(2, 4), hasMore: true, after: all[3]!.id })
    const last = ok(await h.api.listFilesPage({ accountId: acct.id, limit: 2, after: second.after! }))
    expect(last).toEqual({ files: all.slice(4), hasMore: false })

    const batch = ok(await h.api.listFilesPage({ accountId: acct.id, purpose: 'batch' }))
    expect(batch).toEqual({ files: all.filter((f) => f.purpose === 'batch'), hasMore: false })
    expect(batch.files).toHaveLength(2)

    // A cursor the provider does not know is its refusal, never a silent restart from the top.
    const gone = await h.api.listFilesPage({ accountId: acct.id, after: 'file-nope' })
    expect(!gone.ok && gone.error).toMatchObject({ code: 'rejected' })
    const none = await h.api.listFilesPage({ accountId: 'nope' })
    expect(!none.ok && none.error.code).toBe('account_not_found')
  })

  it('queues the two sample files for the sandbox: the fine-tune set and the batch file both upload', async () => {
    const h = await host({ samplesDir: join(process.cwd(), 'resources', 'samples') })
    const { jobIds } = ok(await h.api.addSampleFiles())
    const added = ok(await h.api.snapshot()).jobs.filter((j) => jobIds.includes(j.id))
    expect(added.map((j) => j.file.name).sort()).toEqual(['batch-sample.jsonl', 'train-sample.jsonl'])
    expect(added.every((j) => j.accountId === 'sandbox' && j.file.path.startsWith(join(h.home, 'samples')))).toBe(true)
    const done = await Promise.all(added.map((j) => settled(h, j.id, 'completed')))
    expect(done.map((j) => j.purpose).sort()).toEqual(['batch', 'fine-tune'])
  })

  it('a file with problems needs fixing, shows where, and goes once fixed and checked again', async () => {
    const h = await host()
    ok(await h.api.setActiveAccount({ id: 'sandbox' }))
    const path = await chatFile(h.dir, 'bad.jsonl', 12, { noReplyAt: [3] })
    const { jobIds: [job] } = ok(await h.api.addFiles({ paths: [path], purpose: 'fine-tune' }))
    const stuck = await settled(h, job!, 'needs-fixing')
    expect(stuck.check).toMatchObject({ valid: false, errors: 1 })
    expect(stuck.error?.message).toMatch(/^Needs fixing\./)
    const report = ok(await h.api.validationReport({ jobId: job! }))
    expect(report.errors.map((f) => [f.line, f.code])).toEqual([[3, 'E_NO_ASSISTANT_MESSAGE']])
    expect(ok(await h.api.validationReport({ jobId: job!, all: true })).errors).toHaveLength(1)

    await chatFile(h.dir, 'bad.jsonl', 12)
    ok(await h.api.recheck({ jobIds: [job!] }))
    await settled(h, job!, 'completed')
  })

  it('pauses, resumes, cancels and removes', async () => {
    const h = await host({
      // A speed limit keeps the upload running long enough to act on it.
      before: (home) => writeFile(join(home, 'settings.json'), JSON.stringify({ settings: { speedLimit: 256 * KiB, partSizeMiB: 8 } }))
    })
    ok(await h.api.setActiveAccount({ id: 'sandbox' }))
    const { jobIds: [job] } = ok(await h.api.addFiles({ paths: [await chatFile(h.dir, 'p.jsonl', 2000, { lineBytes: 5 * KiB })] }))
    const id = job!
    await settled(h, id, 'uploading')
    await until(() => h.events.some((e) => e.type === 'progress' && e.jobId === id && e.sent > 0), 'some bytes sent')
    ok(await h.api.pauseJobs({ jobIds: [id] }))
    await settled(h, id, 'paused')
    await until(() => h.api.activeUploads() === 0, 'no upload running')
    ok(await h.api.resumeJobs({ jobIds: [id] }))
    await settled(h, id, 'uploading')
    ok(await h.api.cancelJobs({ jobIds: [id] }))
    await settled(h, id, 'cancelled')
    expect(ok(await h.api.removeJobs({ jobIds: [id] }))).toEqual({ jobIds: [id] })
    expect(ok(await h.api.snapshot()).jobs).toEqual([])
    expect(h.events.some((e) => e.type === 'jobRemoved' && e.jobId === id)).toBe(true)
    expect((await readdir(join(h.home, 'jobs'))).filter((n) => n.startsWith(id))).toEqual([])
  })

  it('Test connection with a key the provider refuses: "The key was not accepted."', async () => {
    const h = await host()
    const sb = await startSandbox({ dir: join(h.dir, 'remote') })
    onCleanup(() => sb.close())
    const proxy = await startFaultProxy(sb.url)
    onCleanup(() => proxy.close())
    proxy.addRule({
      method: 'GET',
      path: /\/files$/,
      times: Infinity,
      action: { status: 401, body: { error: { message: 'Incorrect API key provided: sk-wrong.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }
    })
    const acct = ok(await h.api.addAccount({ name: 'Personal', provider: 'openai', baseUrl: proxy.url, key: 'sk-wrong-key-0000' }))
    const r = await h.api.testAccount({ id: acct.id })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatchObject({ code: 'auth_failed', message: 'The key was not accepted. Check that you copied all of it.' })
    const view = ok(await h.api.snapshot()).accounts.find((a) => a.id === acct.id)
    expect(view?.lastTest).toMatchObject({ ok: false })
    const files = await h.api.listFiles({ accountId: acct.id })
    expect(!files.ok && files.error.message).toMatch(/^Key not accepted\. OpenAI refused "Personal"'s key/)
  })

  it('refuses bad account input with a plain message', async () => {
    const h = await host()
    const r = await h.api.addAccount({ name: 'Y', provider: 'yandex', key: 'AQVN-key' })
    expect(!r.ok && r.error).toMatchObject({ code: 'invalid_input', message: 'The folder ID is required.' })
    const noKey = await h.api.addAccount({ name: 'O', provider: 'openai' })
    expect(!noKey.ok && noKey.error.code).toBe('key_required')
  })

  it('damaged settings, accounts and job files are moved aside and explained, never a crash', async () => {
    const h = await host({
      before: async (home) => {
        await writeFile(join(home, 'settings.json'), '{"settings": {"concurrency": ')
        await writeFile(join(home, 'accounts.json'), 'not json at all')
        await mkdir(join(home, 'jobs'))
        await writeFile(join(home, 'jobs', 'job_damaged1.json'), '{"version":1,"id":"job_damaged1","sta')
      }
    })
    const snap = ok(await h.api.snapshot())
    expect(snap.notices.map((n) => n.code).sort()).toEqual(['accounts_repaired', 'queue_repaired', 'settings_repaired'])
    expect(snap.notices.find((n) => n.code === 'queue_repaired')?.message).toMatch(/^Upload list repaired\./)
    expect(snap.settings.concurrency).toBe(2)
    const names = await readdir(h.home)
    expect(names.some((n) => n.startsWith('settings.json.damaged-'))).toBe(true)
    expect(names.some((n) => n.startsWith('accounts.json.damaged-'))).toBe(true)
    expect((await readdir(join(h.home, 'jobs'))).some((n) => n.startsWith('job_damaged1.json.damaged-'))).toBe(true)
    // And the host still works.
    ok(await h.api.setActiveAccount({ id: 'sandbox' }))
    expect(existsSync(join(h.home, 'settings.json.damaged'))).toBe(false)
  })
})
