// The validator's pool of worker threads (the built worker, as the app and the CLI run it): progress, a cancelled check
// that frees its worker for the next file, and files beyond the pool's size waiting their turn.
import { beforeAll, describe, expect, it } from 'vitest'
import { ValidatorPool } from '../../../src/core/validate/worker-client'
import { ensureBuilt } from '../../cli/cli-helpers'
import { chatLine, chatLines, streamTemp, tempDir, writeTemp } from './helpers'

const WORKER = new URL('../../../out/cli/validate-worker.mjs', import.meta.url)

let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  ensureBuilt()
  ;({ dir, cleanup } = await tempDir())
  return () => cleanup()
})

describe('ValidatorPool', () => {
  it('stops a check on cancel, and its worker goes on with the next file', async () => {
    const big = await streamTemp(dir, 'big.jsonl', 150_000, (i) => chatLine(i) + '\n')
    const small = await writeTemp(dir, 'small.jsonl', chatLines(12).join('\n') + '\n')
    const pool = new ValidatorPool(WORKER, 1)
    const ctl = new AbortController()
    let progressed = 0
    const stopped = pool.validate(big, { signal: ctl.signal, onProgress: () => (progressed++, ctl.abort()) })
    await expect(stopped).rejects.toMatchObject({ code: 'validation_cancelled' })
    expect(progressed).toBeGreaterThan(0)
    expect((await pool.validate(small)).valid).toBe(true)
    expect(pool.started).toBe(1)
  })

  it('checks more files than it has workers, each in turn', async () => {
    const files = await Promise.all(Array.from({ length: 6 }, (_, i) => writeTemp(dir, `f${i}.jsonl`, chatLines(12, i * 12).join('\n') + '\n')))
    const pool = new ValidatorPool(WORKER, 2)
    const reports = await Promise.all(files.map((f) => pool.validate(f)))
    expect(reports.map((r) => [r.file, r.valid])).toEqual(files.map((f) => [f, true]))
    expect(pool.started).toBe(2)
  })
})
