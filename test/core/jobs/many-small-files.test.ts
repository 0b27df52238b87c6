// Thousands of small files dropped on the queue at once (issue 9, item 10): each is checked off the main thread, by a
// couple of worker threads that are reused, not one started per file (a thread and the tokenizer's load each).
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultContentCheck } from '../../../src/core/jobs/content-check'
import { Queue } from '../../../src/core/jobs/queue'
import { createAdapter } from '../../../src/core/providers'
import type { AccountConfig } from '../../../src/core/providers/types'
import { ensureBuilt } from '../../cli/cli-helpers'
import { chatLines } from '../validate/helpers'
import { onCleanup, tempDir } from '../../helpers'
import { until } from '../../main/fixtures'

/** The validator's worker as the app ships it (the CLI bundle's). */
const WORKER = new URL('../../../out/cli/validate-worker.mjs', import.meta.url)

/** Counts the worker threads this process starts from now on. */
function countWorkers(): { started: number } {
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')
  const Real = threads.Worker
  const count = { started: 0 }
  threads.Worker = class extends Real {
    constructor(...args: ConstructorParameters<typeof Real>) {
      super(...args)
      count.started++
    }
  }
  syncBuiltinESMExports()
  onCleanup(async () => {
    threads.Worker = Real
    syncBuiltinESMExports()
  })
  return count
}

beforeAll(() => ensureBuilt())

describe('many small files in the queue', () => {
  it('are all checked, by at most two reused workers', async () => {
    const dir = await tempDir()
    const acct: AccountConfig = { id: 'acc_test', name: 'Test', provider: 'sandbox', baseUrl: 'http://127.0.0.1:9' }
    const workers = countWorkers()
    const queue = new Queue({
      home: join(dir, 'home'),
      resolve: async (a) => ({ adapter: createAdapter(a, 'sk-test') }),
      limitsFor: async (a) => createAdapter(a, 'unused'),
      concurrency: () => 2,
      autoStart: () => false,
      check: defaultContentCheck(WORKER),
      tickMs: 100
    })
    onCleanup(() => queue.close())
    await queue.open()
    const ids: string[] = []
    for (let i = 0; i < 60; i++) {
      const path = join(dir, `f${i}.jsonl`)
      await writeFile(path, chatLines(12, i * 12).join('\n') + '\n')
      ids.push((await queue.add({ path, account: acct, partSize: 5 * 1024 * 1024 })).id)
    }
    await until(() => ids.every((id) => queue.get(id)?.state !== 'validating'), 'every file checked', 60_000)
    expect(new Set(ids.map((id) => queue.get(id)?.state))).toEqual(new Set(['ready']))
    expect(workers.started).toBeGreaterThanOrEqual(1)
    expect(workers.started).toBeLessThanOrEqual(2)
  })
})
