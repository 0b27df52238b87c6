// The CLI contract scripts depend on: exit codes, --json lines, refusals that leave no job, keys never mixed up, damaged state.
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/core/sandbox'
import { onCleanup, randomFile, sha256, sparseFile, tempDir } from '../helpers'
import { ensureBuilt, ferry, start } from './cli-helpers'

const MiB = 1024 * 1024
beforeAll(ensureBuilt)

async function setup() {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox') })
  onCleanup(() => sandbox.close())
  const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: 'sk-contract' }
  const target = ['--provider', 'sandbox', '--base-url', sandbox.url]
  const valid = join(dir, 'train.jsonl')
  const line = (i: number) => JSON.stringify({ messages: [{ role: 'user', content: `Question ${i}?` }, { role: 'assistant', content: `Answer ${i}.` }] })
  await writeFile(valid, Array.from({ length: 12 }, (_, i) => line(i)).join('\n') + '\n')
  return { dir, sandbox, env, target, valid }
}

const jobFiles = async (home: string) => (await readdir(join(home, 'jobs')).catch(() => [])).filter((n) => n.endsWith('.json'))

describe('ferry upload', () => {
  it('uploads a valid file: exit 0 and a done event with the remote id and bytes', async () => {
    const { env, target, valid } = await setup()
    const r = await ferry(['upload', valid, '--purpose', 'fine-tune', ...target, '--json'], env)
    expect(r.code).toBe(0)
    const done = r.events.find((e) => e.event === 'done')
    expect(done).toMatchObject({ event: 'done', file: valid, bytes: expect.any(Number), id: expect.stringMatching(/^file-/) })
    expect(r.events.filter((e) => e.event === 'progress').every((e) => typeof e.sent === 'number' && typeof e.total === 'number')).toBe(true)
  })

  it('refuses a file with content errors before sending a byte, leaving no job behind (exit 1)', async () => {
    const { dir, sandbox, env, target } = await setup()
    const bad = join(dir, 'bad.jsonl')
    await writeFile(bad, '{"messages":[{"role":"user","content":"hi"}]}\n')
    const r = await ferry(['upload', bad, '--purpose', 'fine-tune', ...target, '--json'], env)
    expect(r.code).toBe(1)
    // Queued, checked by the queue, refused: the job is gone again and nothing reached the provider.
    expect(r.events).toEqual([
      { event: 'queued', file: bad, job: expect.any(String), bytes: expect.any(Number) },
      { event: 'failed', file: bad, error: expect.objectContaining({ code: 'invalid_content', hint: expect.stringContaining('--force') }) }
    ])
    expect(await jobFiles(env.FERRY_HOME)).toEqual([])
    expect(sandbox.stats.requests).toHaveLength(0)
  })

  it.each([
    ['a missing file', async (d: string) => join(d, 'missing.jsonl'), 'file_missing'],
    ['a folder', async (d: string) => (await mkdir(join(d, 'folder')), join(d, 'folder')), 'not_a_file'],
    ['an empty file', async (d: string) => (await writeFile(join(d, 'empty.jsonl'), ''), join(d, 'empty.jsonl')), 'file_empty'],
    ['a batch file over 200 MB', async (d: string) => sparseFile(d, 'big.jsonl', 200 * MiB + 1), 'file_too_large']
  ])('refuses %s with a clear error and exit 1', async (_label, make, code) => {
    const { dir, env, target } = await setup()
    const path = await make(dir)
    const purpose = code === 'file_too_large' ? 'assistants' : 'user_data'
    const args = code === 'file_too_large' ? ['--purpose', 'batch', '--force'] : ['--purpose', purpose]
    const r = await ferry(['upload', path, ...args, ...target, '--json'], env)
    expect(r.code).toBe(1)
    expect(r.events.find((e) => e.event === 'failed')).toMatchObject({ error: { code } })
    expect(await jobFiles(env.FERRY_HOME)).toEqual([])
  })

  it('--json: a failure is a JSON line on stdout and, as exit 1 promises, a plain message on stderr', async () => {
    const { dir, env, target } = await setup()
    const r = await ferry(['upload', join(dir, 'nope.jsonl'), '--purpose', 'user_data', ...target, '--json'], env)
    expect(r.code).toBe(1)
    expect(r.events.find((e) => e.event === 'failed')).toMatchObject({ error: { code: 'file_missing' } })
    expect(r.stderr).toMatch(/There is no file at .*nope\.jsonl/)
  })

  it('says a human message without a stack trace', async () => {
    const { dir, env, target } = await setup()
    const r = await ferry(['upload', join(dir, 'nope.jsonl'), '--purpose', 'user_data', ...target], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/There is no file at/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it.each([
    [['upload', 'x.jsonl', '--provider', 'sandbox']],
    [['upload', 'x.jsonl', '--purpose', 'batch']],
    [['upload', 'x.jsonl', '--purpose', 'batch', '--provider', 'nowhere']],
    [['upload', 'x.jsonl', '--purpose', 'batch', '--provider', 'sandbox', '--part-size', 'big']],
    [['frobnicate']]
  ])('exits 2 on a usage error: %j', async (args) => {
    const { env } = await setup()
    expect((await ferry(args, env)).code).toBe(2)
  })

  it('exits 3 when interrupted, and resume finishes the file', async () => {
    const { dir, env, target } = await setup()
    const path = await randomFile(dir, 'int.jsonl', 6 * MiB)
    const up = start(['upload', path, '--purpose', 'user_data', ...target, '--part-size', '1', '--speed-limit', '2', '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) > MiB)
    up.child.kill('SIGINT')
    expect((await up.done).code).toBe(3)
    const r = await ferry(['resume', '--json'], env)
    expect(r.code).toBe(0)
    expect(r.events.find((e) => e.event === 'done')).toMatchObject({ file: path, bytes: 6 * MiB })
  })
})

describe('ferry resume, queue', () => {
  it('never resumes a job with another key: without its key the job is "key needed"', async () => {
    const { dir, env, target } = await setup()
    const path = await randomFile(dir, 'key.jsonl', 4 * MiB)
    const up = start(['upload', path, '--purpose', 'user_data', ...target, '--part-size', '1', '--speed-limit', '2', '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) > 0)
    up.child.kill('SIGKILL')
    await up.done
    const other = await ferry(['resume', '--json'], { ...env, FERRY_API_KEY: 'sk-someone-else' })
    expect(other.code).toBe(1)
    expect(other.events.find((e) => e.event === 'failed')).toMatchObject({ error: { code: 'key_needed' } })
    expect(JSON.stringify(other.events)).not.toContain('sk-someone-else')
    const q = await ferry(['queue', '--json'], env)
    expect(q.events[0]).toMatchObject({ state: 'key-needed', file: path })
    const right = await ferry(['resume', '--json'], env)
    expect(right.code).toBe(0)
  })

  it('moves a damaged job file aside, keeps its bytes, says what to do, and does not crash', async () => {
    const { env, target, valid } = await setup()
    await ferry(['upload', valid, '--purpose', 'fine-tune', ...target, '--json'], env)
    const jobs = join(env.FERRY_HOME, 'jobs')
    await writeFile(join(jobs, 'job_broken.json'), '{"version":1,"id":"job_bro')
    const before = await sha256(join(jobs, 'job_broken.json'))
    const r = await ferry(['resume'], env)
    expect([0, 1]).toContain(r.code)
    expect(r.stderr).toMatch(/could not be read .* moved aside to .*job_broken\.json\.damaged-/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const moved = (await readdir(jobs)).find((n) => n.startsWith('job_broken.json.damaged-'))!
    expect(await sha256(join(jobs, moved))).toBe(before)
    const q = await ferry(['queue', '--json'], env)
    expect(q.events.filter((e) => e.state === 'completed')).toHaveLength(1)
  })

  it('another live runner keeps the queue: a second process only adds jobs and follows them', async () => {
    const { dir, env, target } = await setup()
    // Slow enough (about 6 s) that the second process finds it still running, even when its own start is slow.
    const first = start(['upload', await randomFile(dir, 'a.jsonl', 6 * MiB), '--purpose', 'user_data', ...target, '--part-size', '1', '--speed-limit', '1', '--json'], env)
    await first.waitFor((e) => e.event === 'progress')
    const second = await ferry(['upload', await randomFile(dir, 'b.jsonl', 64 * 1024), '--purpose', 'user_data', ...target], env)
    expect(second.stderr).toMatch(/Another Ferry process \(pid \d+\) is running the queue/)
    expect(second.code).toBe(0)
    expect((await first.done).code).toBe(0)
  })
})

describe('ferry files', () => {
  it('lists (one JSON object per line), gets, downloads intact and removes files', async () => {
    const { dir, env, target } = await setup()
    const path = await randomFile(dir, 'data.bin', 300 * 1024)
    const up = await ferry(['upload', path, '--purpose', 'user_data', ...target, '--json'], env)
    const id = up.events.find((e) => e.event === 'done')!.id as string
    const ls = await ferry(['files', 'ls', ...target, '--json'], env)
    expect(ls.events).toEqual([{ id, filename: 'data.bin', bytes: 300 * 1024, purpose: 'user_data', created_at: expect.any(Number), expires_at: null }])
    const got = await ferry(['files', 'get', id, ...target, '--json'], env)
    expect(got.events[0]).toMatchObject({ id })
    const dest = join(dir, 'back.bin')
    expect((await ferry(['files', 'download', id, '--output', dest, ...target], env)).code).toBe(0)
    expect(await sha256(dest)).toBe(await sha256(path))
    expect((await ferry(['files', 'rm', id, ...target], env)).code).toBe(0)
    expect((await ferry(['files', 'ls', ...target, '--json'], env)).events).toEqual([])
  })

  it('a wrong key gets a plain "did not accept the API key" and exit 1', async () => {
    const dir = await tempDir()
    const sandbox = await startSandbox({ dir: join(dir, 'sb'), auth: 'api-key' })
    onCleanup(() => sandbox.close())
    const r = await ferry(['files', 'ls', '--provider', 'sandbox', '--base-url', sandbox.url], { FERRY_HOME: join(dir, 'h'), FERRY_API_KEY: 'sk-wrong' })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/did not accept the API key/)
    expect(r.stderr).not.toContain('sk-wrong')
  })
})

describe('ferry accounts', () => {
  it('adds, lists and removes accounts; without a keychain it says the key comes from FERRY_API_KEY', async () => {
    const { env, sandbox, valid } = await setup()
    const add = await ferry(['accounts', 'add', 'work', '--provider', 'sandbox', '--base-url', sandbox.url], env)
    expect(add.code).toBe(0)
    expect(add.stderr).toMatch(/No system keychain/)
    const ls = await ferry(['accounts', 'ls', '--json'], env)
    expect(ls.events[0]).toMatchObject({ name: 'work', provider: 'sandbox' })
    expect(JSON.stringify(ls.events)).not.toContain(env.FERRY_API_KEY)
    const up = await ferry(['upload', valid, '--purpose', 'fine-tune', '--account', 'work', '--json'], env)
    expect(up.code).toBe(0)
    expect((await ferry(['accounts', 'rm', 'work'], env)).code).toBe(0)
    expect((await ferry(['accounts', 'ls', '--json'], env)).events).toEqual([])
  })
})
