// `ferry files download` against the real sandbox: provider names made safe, never over an existing file without --overwrite,
// a folder as --output, `--output -` to stdout, and local faults said as local ones (no "could not reach", no temp file named).
import { spawn } from 'node:child_process'
import { chmod, chown, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/core/sandbox'
import { onCleanup, tempDir } from '../helpers'
import { CLI, ensureBuilt, type Run } from './cli-helpers'

beforeAll(ensureBuilt)

const KEY = 'sk-download-0123456789'
const CONTENT = '{"n":1}\n{"n":2}\n'
const NOBODY = 65534

async function setup() {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox') })
  onCleanup(() => sandbox.close())
  const here = join(dir, 'here')
  await mkdir(here)
  const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: KEY }
  const target = ['--provider', 'sandbox', '--base-url', sandbox.url]
  /** Runs `ferry files download <id> …args` in the folder `here`. */
  const download = (id: string, ...args: string[]) => ferryIn(here, ['files', 'download', id, ...args, ...target], env)
  return { dir, here, sandbox, download }
}

/** A file named exactly `filename` at the sandbox (the Uploads API keeps any name, as a real provider may). */
async function remoteFile(sandbox: Sandbox, filename: string, content = CONTENT): Promise<string> {
  const call = async (path: string, body: BodyInit, json = true) => {
    const headers = { authorization: `Bearer ${KEY}`, ...(json ? { 'content-type': 'application/json' } : {}) }
    const r = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers, body })
    return (await r.json()) as { id: string; file?: { id: string } }
  }
  const upload = await call('/uploads', JSON.stringify({ filename, purpose: 'user_data', bytes: Buffer.byteLength(content), mime_type: 'application/jsonl' }))
  const form = new FormData()
  form.set('data', new Blob([content]), 'part')
  const part = await call(`/uploads/${upload.id}/parts`, form, false)
  const done = await call(`/uploads/${upload.id}/complete`, JSON.stringify({ part_ids: [part.id] }))
  return done.file!.id
}

/** The built CLI run in `cwd` (its default output folder), as user `uid` if given. */
function ferryIn(cwd: string, args: string[], env: Record<string, string>, uid?: number): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, FERRY_KEYCHAIN: 'off', FORCE_COLOR: '0', ...env },
    ...(uid === undefined ? {} : { uid, gid: uid })
  })
  onCleanup(async () => void child.kill('SIGKILL'))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d))
  child.stderr.on('data', (d: Buffer) => (stderr += d))
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      const events = stdout.split('\n').flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : []))
      resolve({ code, signal, stdout, stderr, events })
    })
  )
}

const contentRequests = (sandbox: Sandbox) => sandbox.stats.requests.filter((r) => r.path.endsWith('/content')).length

describe('ferry files download', () => {
  it('saves a remote ".bashrc" as "bashrc", never over the local dotfile', async () => {
    const { here, sandbox, download } = await setup()
    await writeFile(join(here, '.bashrc'), 'mine\n')
    const r = await download(await remoteFile(sandbox, '.bashrc'))
    expect(r.code).toBe(0)
    expect(await readFile(join(here, '.bashrc'), 'utf8')).toBe('mine\n')
    expect(await readFile(join(here, 'bashrc'), 'utf8')).toBe(CONTENT)
  })

  it.each([
    ['..', (id: string) => id],
    ['../../evil.jsonl', () => 'evil.jsonl'],
    ['sub\\dir\\win.jsonl', () => 'win.jsonl'],
    ['a\u0007b\nc\u202e.jsonl', () => 'abc.jsonl'],
    [`${'x'.repeat(300)}.jsonl`, () => `${'x'.repeat(194)}.jsonl`]
  ])('saves a remote %j under a safe name in the current folder', async (name, expected) => {
    const { here, sandbox, download } = await setup()
    const id = await remoteFile(sandbox, name)
    const r = await download(id, '--json')
    expect(r.code).toBe(0)
    expect(r.events).toEqual([{ id, path: join(here, expected(id)), bytes: CONTENT.length }])
    expect(await readdir(here)).toEqual([expected(id)])
  })

  it('refuses to replace an existing file (exit 1, the file untouched, no temp file left) unless --overwrite', async () => {
    const { here, sandbox, download } = await setup()
    const id = await remoteFile(sandbox, 'data.jsonl')
    const dest = join(here, 'data.jsonl')
    await writeFile(dest, 'keep me\n')
    const r = await download(id, '--output', dest)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${dest} already exists.`)
    expect(r.stderr).toContain('--overwrite')
    expect(await readFile(dest, 'utf8')).toBe('keep me\n')
    expect(await readdir(here)).toEqual(['data.jsonl'])
    expect(contentRequests(sandbox)).toBe(0)

    const json = await download(id, '--json')
    expect(json.code).toBe(1)
    expect(json.events).toEqual([{ event: 'failed', file: null, error: expect.objectContaining({ code: 'file_exists', params: { path: dest } }) }])

    const again = await download(id, '--output', dest, '--overwrite')
    expect(again.code).toBe(0)
    expect(await readFile(dest, 'utf8')).toBe(CONTENT)
  })

  it('saves into a folder given as --output, under the sanitized name', async () => {
    const { dir, sandbox, download } = await setup()
    const out = join(dir, 'out')
    await mkdir(out)
    const r = await download(await remoteFile(sandbox, '.hidden.jsonl'), '--output', out)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`to ${join(out, 'hidden.jsonl')}`)
    expect(await readFile(join(out, 'hidden.jsonl'), 'utf8')).toBe(CONTENT)
  })

  it('--output - writes the content to stdout and nothing to disk', async () => {
    const { here, sandbox, download } = await setup()
    const r = await download(await remoteFile(sandbox, 'data.jsonl'), '--output', '-')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(CONTENT)
    expect(await readdir(here)).toEqual([])
  })

  it('a missing folder says so, without naming a temp file or the network, and fetches nothing', async () => {
    const { dir, here, sandbox, download } = await setup()
    const r = await download(await remoteFile(sandbox, 'data.jsonl'), '--output', join(dir, 'nowhere', 'a.jsonl'), '--json')
    expect(r.code).toBe(1)
    expect(r.events[0]).toMatchObject({ error: { code: 'folder_missing', message: `The folder ${join(dir, 'nowhere')} does not exist.` } })
    expect(r.stdout).not.toMatch(/\.part|reach|internet/)
    expect(await readdir(here)).toEqual([])
    expect(contentRequests(sandbox)).toBe(0)
  })

  it('a folder Ferry may not write in says so (EACCES), and fetches nothing', async () => {
    const { dir, sandbox } = await setup()
    // Root may write anywhere, so the CLI runs as nobody, saving into a folder of root's.
    await chmod(dir, 0o755)
    const home = join(dir, 'nobody')
    await mkdir(home)
    await chown(home, NOBODY, NOBODY)
    const locked = join(dir, 'locked')
    await mkdir(locked, { mode: 0o755 })
    const args = ['files', 'download', await remoteFile(sandbox, 'data.jsonl'), '--output', join(locked, 'data.jsonl'), '--json']
    const r = await ferryIn(home, [...args, '--provider', 'sandbox', '--base-url', sandbox.url], { FERRY_HOME: home, FERRY_API_KEY: KEY }, NOBODY)
    expect(r.code).toBe(1)
    expect(r.events[0]).toMatchObject({ error: { code: 'folder_not_writable', message: `Ferry is not allowed to save in ${locked}.` } })
    expect(r.stdout).not.toMatch(/\.part|reach|internet/)
    expect(await readdir(locked)).toEqual([])
    expect(contentRequests(sandbox)).toBe(0)
  })
})
