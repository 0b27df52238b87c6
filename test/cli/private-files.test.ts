// Private files are private (issue 8, item 13), from the command line: the FERRY_HOME `ferry accounts add` and `ferry upload`
// create is 0700, and every file they write in it (accounts, settings, jobs, reports, the sandbox's files) is 0600.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers'
import { notPrivate } from '../host/modes'
import { chatFile } from '../main/fixtures'
import { ensureBuilt, ferry } from './cli-helpers'

beforeAll(ensureBuilt)

describe.runIf(process.platform !== 'win32')('private files, from the CLI', () => {
  it('ferry accounts add, then ferry upload: the folder is 0700, every file 0600', async () => {
    const dir = await tempDir()
    const home = join(dir, 'Ferry')
    const env = { FERRY_HOME: home }
    const added = await ferry(['accounts', 'add', 'Work', '--provider', 'compatible', '--base-url', 'https://api.example.com/v1'], { ...env, FERRY_API_KEY: 'sk-private-0123' })
    expect(added.code).toBe(0)
    const up = await ferry(['upload', await chatFile(dir, 'train.jsonl', 12), '--purpose', 'fine-tune', '--provider', 'sandbox'], env)
    expect(up.code).toBe(0)
    expect(await notPrivate(home)).toEqual([])
  })
})
