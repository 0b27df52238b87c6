// Streamed bodies: the multipart envelope parses back to the same fields and bytes, its length is exact, ranges are exact.
import busboy from 'busboy'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { fileRangeBody, multipartFileBody } from '../../../src/core/transfer/file-body'
import { ProgressMeter } from '../../../src/core/transfer/progress'
import { randomFile, tempDir } from '../../helpers'

/** Reads a body the way got does: each chunk is done with (here: copied) before the next is asked for. */
async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of body) chunks.push(Buffer.from(c))
  return Buffer.concat(chunks)
}

describe('file bodies', () => {
  it('a multipart body has the announced length and parses to the same fields and file bytes', async () => {
    const dir = await tempDir()
    const path = await randomFile(dir, 'a.jsonl', 3 * 1024 * 1024 + 5)
    const body = multipartFileBody([{ name: 'purpose', value: 'fine-tune' }], { field: 'file', path, filename: 'we"ird\nname.jsonl', length: 3 * 1024 * 1024 + 5 })
    const bytes = await collect(body.open())
    expect(bytes.length).toBe(body.length)
    const fields: Record<string, string | undefined> = {}
    let fileHash = ''
    let filename = ''
    await new Promise<void>((resolve, reject) => {
      const bb = busboy({ headers: { 'content-type': body.contentType! } })
      bb.on('field', (n, v) => (fields[n] = v))
      bb.on('file', (_n, s, info) => {
        filename = info.filename ?? ''
        const h = createHash('sha256')
        s.on('data', (c: Buffer) => h.update(c)).on('end', () => (fileHash = h.digest('hex')))
      })
      bb.on('close', resolve).on('error', reject)
      bb.end(bytes)
    })
    expect(fields).toEqual({ purpose: 'fine-tune' })
    expect(filename).toBe('we%22ird%0Aname.jsonl')
    expect(fileHash).toBe(createHash('sha256').update(await readFile(path)).digest('hex'))
  })

  it('a range body is exactly those bytes, and can be opened again for a retry', async () => {
    const dir = await tempDir()
    const path = await randomFile(dir, 'b.bin', 100_000)
    const whole = await readFile(path)
    const body = fileRangeBody(path, 1000, 5000)
    expect(await collect(body.open())).toEqual(whole.subarray(1000, 6000))
    expect(await collect(body.open())).toEqual(whole.subarray(1000, 6000))
  })
})

describe('file bodies in constant memory', () => {
  it('carry a large range in two buffers reused in turn, whatever its size', async () => {
    const dir = await tempDir()
    const path = await randomFile(dir, 'c.bin', 5 * 1024 * 1024 + 3)
    const memories = new Set<ArrayBufferLike>()
    let chunks = 0
    for await (const c of fileRangeBody(path, 0, 5 * 1024 * 1024 + 3).open()) {
      memories.add(c.buffer)
      chunks++
    }
    expect(chunks).toBe(6)
    expect(memories.size).toBe(2)
  })
})

describe('progress meter', () => {
  it('says "still estimating" (null) at first and never NaN or Infinity', () => {
    let t = 0
    const m = new ProgressMeter(1000, 0, () => t)
    expect(m.snapshot()).toEqual({ sent: 0, total: 1000, speed: 0, etaSeconds: null })
    t = 1000
    m.update(0)
    expect(m.snapshot().etaSeconds).toBeNull()
    t = 3000
    m.update(600)
    const s = m.snapshot()
    expect(s.speed).toBe(200)
    expect(s.etaSeconds).toBe(2)
  })
})
