// downloadTo against the real sandbox: never over a file or folder already there unless asked, and a local fault is said as one
// (about the destination and its folder, never Ferry's temp file, never "could not reach"), before a byte is fetched.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { asFerryError, asSaveError } from '../../../src/core/errors'
import { createAdapter } from '../../../src/core/providers'
import { startSandbox } from '../../../src/core/sandbox'
import type { DownloadOptions } from '../../../src/core/providers/types'
import { account, onCleanup, tempDir } from '../../helpers'

const KEY = 'sk-download-core-0123456789'
const CONTENT = '{"n":1}\n'

async function setup() {
  const dir = await tempDir()
  const sandbox = await startSandbox({ dir: join(dir, 'sandbox') })
  onCleanup(() => sandbox.close())
  const form = new FormData()
  form.set('purpose', 'user_data')
  form.set('file', new Blob([CONTENT]), 'data.jsonl')
  const res = await fetch(`${sandbox.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form })
  const { id } = (await res.json()) as { id: string }
  const adapter = createAdapter(account('sandbox', sandbox.url), KEY)
  const fetched = () => sandbox.stats.requests.filter((r) => r.path.endsWith('/content')).length
  const out = join(dir, 'out')
  await mkdir(out)
  return { out, adapter, id, fetched }
}

const failure = (p: Promise<unknown>) => p.then(
  () => expect.fail('expected the download to fail'),
  (err: unknown) => asFerryError(err)
)

describe('downloadTo', () => {
  it('refuses a file already there (file_exists, untouched, nothing fetched), and replaces it when asked', async () => {
    const { out, adapter, id, fetched } = await setup()
    const dest = join(out, 'data.jsonl')
    await writeFile(dest, 'mine\n')
    const e = await failure(adapter.download(id, dest))
    expect(e.toInfo()).toMatchObject({ code: 'file_exists', message: `${dest} already exists.`, params: { path: dest } })
    expect(await readFile(dest, 'utf8')).toBe('mine\n')
    expect(fetched()).toBe(0)

    const replace: DownloadOptions = { overwrite: true }
    expect(await adapter.download(id, dest, replace)).toEqual({ bytes: CONTENT.length })
    expect(await readFile(dest, 'utf8')).toBe(CONTENT)
    expect(await readdir(out)).toEqual(['data.jsonl'])
  })

  it('a folder as the destination is "a folder", even with overwrite, before a byte is fetched', async () => {
    const { out, adapter, id, fetched } = await setup()
    const e = await failure(adapter.download(id, out, { overwrite: true }))
    expect(e).toMatchObject({ code: 'is_folder', message: `${out} is a folder — choose a file name.` })
    expect(fetched()).toBe(0)
    expect(await readdir(out)).toEqual([])
  })

  it('a missing folder is named as such, not as Ferry’s temp file, and nothing is fetched', async () => {
    const { out, adapter, id, fetched } = await setup()
    const e = await failure(adapter.download(id, join(out, 'nowhere', 'data.jsonl')))
    expect(e).toMatchObject({ code: 'folder_missing', message: `The folder ${join(out, 'nowhere')} does not exist.` })
    expect(`${e.message} ${e.hint}`).not.toMatch(/\.part|reach|internet/)
    expect(fetched()).toBe(0)
  })

  it('a folder that refuses new files (EACCES) says Ferry may not save there', async () => {
    const { adapter, id } = await setup()
    // Root may write almost anywhere; /sys refuses new files even to root.
    const e = await failure(adapter.download(id, '/sys/kernel/data.jsonl'))
    expect(e).toMatchObject({ code: 'folder_not_writable', message: 'Ferry is not allowed to save in /sys/kernel.' })
  })
})

describe('local faults, in plain words', () => {
  const errno = (code: string) => Object.assign(new Error(`${code}: something, open '/x/.a.jsonl.ferry-1234.part'`), { code, path: '/x/.a.jsonl.ferry-1234.part' })

  it.each([
    ['EISDIR', 'is_folder', '/x/a.jsonl is a folder — choose a file name.'],
    ['ENOENT', 'folder_missing', 'The folder /x does not exist.'],
    ['ENOTDIR', 'folder_missing', 'The folder /x does not exist.'],
    ['EACCES', 'folder_not_writable', 'Ferry is not allowed to save in /x.'],
    ['EPERM', 'folder_not_writable', 'Ferry is not allowed to save in /x.'],
    ['EROFS', 'read_only', '/x is on a read-only disk.'],
    ['ENOSPC', 'disk_full', 'The disk is full, so the file could not be saved.'],
    ['EMFILE', 'too_many_open_files', 'Too many files are open on this computer right now.']
  ])('saving: %s is %s, about the destination', (code, want, message) => {
    const e = asSaveError(errno(code), '/x/a.jsonl')
    expect(e).toMatchObject({ code: want, message })
    expect(e.hint).not.toBe('')
    expect(e.message).not.toContain('.part')
  })

  it('reading or writing anything else: EROFS and EMFILE have plain words too; the codes others rely on stay', () => {
    expect(asFerryError(errno('EROFS'))).toMatchObject({ code: 'read_only' })
    expect(asFerryError(errno('ENFILE'))).toMatchObject({ code: 'too_many_open_files' })
    expect(['ENOENT', 'EACCES', 'EISDIR', 'ENOSPC'].map((c) => asFerryError(errno(c)).code)).toEqual(['file_missing', 'file_unreadable', 'not_a_file', 'disk_full'])
  })
})
