// A source that becomes unreadable mid-upload is the computer's problem, not the network's: the job stops at once with a plain
// local message and is not retried. Run as an ordinary user, so that file permissions apply (the tests may run as root).
import { chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { randomFile, sandboxBehindProxy, tempDir } from '../helpers'
import { until } from '../main/fixtures'
import { ensureBuilt, start } from './cli-helpers'

const MiB = 1024 * 1024
/** `nobody`: permissions bind it, whoever runs the tests. */
const NOBODY = 65534

describe('an unreadable source', () => {
  it('EACCES after part of the file went: a plain local message, exit 1, not retried', async () => {
    ensureBuilt()
    const dir = await tempDir()
    await chmod(dir, 0o777)
    const { proxy } = await sandboxBehindProxy(dir)
    const path = await randomFile(dir, 'locked.jsonl', 3 * MiB)
    await chmod(path, 0o644)
    // The first send is cut after 1 MiB, and by then the file can no longer be read: the second send cannot open it.
    proxy.addRule({ method: 'POST', path: /\/files$/, action: { resetAfterBodyBytes: MiB } })
    const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: 'sk-local' }
    const up = start(['upload', path, '--purpose', 'fine-tune', '--force', '--provider', 'sandbox', '--base-url', proxy.url, '--json'], env, process.getuid?.() === 0 ? NOBODY : undefined)
    await until(() => proxy.arrivals.some((a) => a.method === 'POST'), 'the upload to start')
    await chmod(path, 0o000)
    const res = await up.done
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/could not read locked\.jsonl from this computer \(EACCES\)/)
    expect(res.stderr).toMatch(/permissions/)
    expect(res.stderr).not.toMatch(/Could not reach|Trying again/)
    // The one retry is the connection cut on purpose; the unreadable file is never retried.
    expect(res.events.filter((e) => e.event === 'retry').map((e) => (e.error as { code: string }).code)).toEqual(['network'])
    expect(res.events.find((e) => e.event === 'failed')?.error).toMatchObject({ code: 'file_unreadable' })
  }, 60_000)
})
