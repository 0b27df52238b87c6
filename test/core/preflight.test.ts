// Bad input gets a clear, specific error before anything is sent: missing, folder, empty, wrong type, over limit, bad expiry.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkFile } from '../../src/core/preflight'
import { formatBytes } from '../../src/core/units'
import { createAdapter } from '../../src/core/providers'
import { sparseFile, tempDir } from '../helpers'

const openai = createAdapter({ id: 'a', name: 'a', provider: 'openai' }, 'sk-x')
const MiB = 1024 * 1024

describe('checkFile', () => {
  it.each([
    ['a missing file', async (d: string) => join(d, 'nope.jsonl'), 'file_missing', /no file at/],
    ['a folder', async (d: string) => (await mkdir(join(d, 'dir.jsonl')), join(d, 'dir.jsonl')), 'not_a_file', /folder/],
    ['an empty file', async (d: string) => (await writeFile(join(d, 'e.jsonl'), ''), join(d, 'e.jsonl')), 'file_empty', /empty \(0 bytes\)/],
    ['a CSV as fine-tune data', async (d: string) => (await writeFile(join(d, 'd.csv'), 'a,b'), join(d, 'd.csv')), 'extension_unsupported', /\.jsonl/]
  ])('refuses %s', async (_label, make, code, message) => {
    const dir = await tempDir()
    const err = await checkFile(await make(dir), 'fine-tune', openai).catch((e) => e)
    expect(err.code).toBe(code)
    expect(err.message).toMatch(message)
    expect(err.hint.length).toBeGreaterThan(10)
  })

  it('refuses a batch file over OpenAI’s 200 MB, stated as OpenAI states it', async () => {
    const dir = await tempDir()
    const err = await checkFile(await sparseFile(dir, 'b.jsonl', 200 * MiB + 1), 'batch', openai).catch((e) => e)
    expect(err.code).toBe('file_too_large')
    expect(err.message).toContain('at most 200 MB')
  })

  it('accepts a batch file of exactly 200 MB (MB taken as MiB, as OpenAI’s own errors count it)', async () => {
    const dir = await tempDir()
    await expect(checkFile(await sparseFile(dir, 'b.jsonl', 200 * MiB), 'batch', openai)).resolves.toMatchObject({ size: 200 * MiB })
  })

  it('refuses an expiry outside 1 hour to 30 days', async () => {
    const dir = await tempDir()
    const path = await sparseFile(dir, 'x.jsonl', 10)
    await expect(checkFile(path, 'batch', openai, 60)).rejects.toMatchObject({ code: 'expiry_out_of_range' })
    await expect(checkFile(path, 'batch', openai, 3600)).resolves.toBeTruthy()
  })

  it('formats sizes the way providers state limits', () => {
    expect(formatBytes(128 * MiB)).toBe('128 MB')
    expect(formatBytes(1536 * MiB)).toBe('1.5 GB')
    expect(formatBytes(12)).toBe('12 bytes')
  })
})
