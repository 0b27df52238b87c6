// The background MD5 matches node:crypto's digest of the same file, and is not awaited by anyone.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { hashInBackground } from '../../../src/core/transfer/md5'
import { randomFile, tempDir } from '../../helpers'

describe('hashInBackground', () => {
  it('computes the whole file’s MD5 in a worker', async () => {
    const dir = await tempDir()
    const path = await randomFile(dir, 'x.bin', 3 * 1024 * 1024 + 7)
    const job = hashInBackground(path)
    const until = Date.now() + 20_000
    while (!job.ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    expect(job.ready()).toBe(createHash('md5').update(await readFile(path)).digest('hex'))
  })

  it('reports nothing (never a wrong digest) for a file it cannot read', async () => {
    const job = hashInBackground('/nonexistent/ferry-md5-test')
    await new Promise((r) => setTimeout(r, 300))
    expect(job.ready()).toBeUndefined()
    job.stop()
  })
})
