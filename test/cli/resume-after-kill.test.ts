// The heart of Ferry: a real `ferry upload` process is killed with SIGKILL at several points, then `ferry resume` finishes the
// file intact, re-sending at most the parts that were in flight and never creating a duplicate.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/core/sandbox'
import { randomFile, sandboxBehindProxy, sha256, tempDir } from '../helpers'
import { ensureBuilt, ferry, listed, remoteHash, start } from './cli-helpers'

const MiB = 1024 * 1024
const KEY = 'sk-kill-test'

beforeAll(ensureBuilt)

async function setup() {
  const dir = await tempDir()
  const { sandbox, proxy } = await sandboxBehindProxy(dir)
  const env = { FERRY_HOME: join(dir, 'home'), FERRY_API_KEY: KEY }
  const target = ['--provider', 'sandbox', '--base-url', proxy.url]
  return { dir, sandbox, proxy, env, target }
}

const sandboxHash = (sandbox: Sandbox, id: string, dir: string): Promise<string> => remoteHash(sandbox, id, dir, KEY)
const listedIds = async (sandbox: Sandbox): Promise<string[]> => (await listed(sandbox, KEY)).map((f) => f.id)

describe('ferry resume after kill -9', () => {
  it('mid-part: re-sends only the parts that were not yet accepted', async () => {
    const { dir, sandbox, env, target } = await setup()
    const path = await randomFile(dir, 'mid.jsonl', 8 * MiB)
    const up = start(['upload', path, '--purpose', 'fine-tune', '--force', ...target, '--part-size', '1', '--concurrency', '2', '--speed-limit', '4', '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= 3.5 * MiB)
    up.child.kill('SIGKILL')
    expect((await up.done).signal).toBe('SIGKILL')
    const acceptedBeforeKill = sandbox.stats.partsCreated
    expect(acceptedBeforeKill).toBeGreaterThan(0)
    expect(acceptedBeforeKill).toBeLessThan(8)

    const res = await ferry(['resume', '--json'], env)
    expect(res.code).toBe(0)
    const done = res.events.find((e) => e.event === 'done')!
    expect(done).toMatchObject({ file: path, bytes: 8 * MiB })
    // 8 parts in all; at most the 2 in flight at the kill were accepted twice.
    expect(sandbox.stats.partsCreated).toBeLessThanOrEqual(8 + 2)
    expect(sandbox.stats.uploadsCreated).toBe(1)
    expect(await sandboxHash(sandbox, done.id as string, dir)).toBe(await sha256(path))
    expect(await listedIds(sandbox)).toEqual([done.id])
  })

  it('between parts: nothing accepted is sent again', async () => {
    const { dir, sandbox, proxy, env, target } = await setup()
    const path = await randomFile(dir, 'between.jsonl', 6 * MiB)
    // The fourth part never reaches the server: the process dies while waiting on it.
    proxy.addRule({ method: 'POST', path: /\/parts$/, skip: 3, action: { stallMs: 60_000 } })
    const up = start(['upload', path, '--purpose', 'fine-tune', '--force', ...target, '--part-size', '1', '--concurrency', '1', '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= 3 * MiB)
    await until(() => sandbox.stats.partsCreated === 3)
    up.child.kill('SIGKILL')
    await up.done
    proxy.clearRules()

    const res = await ferry(['resume', '--json'], env)
    expect(res.code).toBe(0)
    expect(sandbox.stats.partsCreated).toBe(6)
    const done = res.events.find((e) => e.event === 'done')!
    expect(await sandboxHash(sandbox, done.id as string, dir)).toBe(await sha256(path))
  })

  it('after complete was sent: adopts the finished file instead of uploading again', async () => {
    const { dir, sandbox, proxy, env, target } = await setup()
    const path = await randomFile(dir, 'complete.jsonl', 3 * MiB)
    proxy.addRule({ method: 'POST', path: /\/complete$/, action: { dropResponse: true } })
    const up = start(['upload', path, '--purpose', 'fine-tune', '--force', ...target, '--part-size', '1', '--json'], env)
    // Kill the moment the server has completed the upload but its answer was lost, before the client can retry.
    await until(() => proxy.log.some((l) => l.path.endsWith('/complete') && l.status === 'dropped'), 5)
    up.child.kill('SIGKILL')
    await up.done
    expect(sandbox.stats.filesCreated).toBe(1)

    const res = await ferry(['resume', '--json'], env)
    expect(res.code).toBe(0)
    expect(sandbox.stats.partsCreated).toBe(3)
    expect(sandbox.stats.filesCreated).toBe(1)
    const done = res.events.find((e) => e.event === 'done')!
    expect(await listedIds(sandbox)).toEqual([done.id])
  })

  it('a one-request upload killed mid-send starts again, and the file is listed once', async () => {
    const { dir, sandbox, env, target } = await setup()
    const path = await randomFile(dir, 'whole.jsonl', 4 * MiB)
    // A part size above the file size: one multipart POST /files, not resumable part by part.
    const up = start(['upload', path, '--purpose', 'batch', '--force', ...target, '--part-size', '8', '--speed-limit', '2', '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) >= MiB)
    up.child.kill('SIGKILL')
    await up.done
    const res = await ferry(['resume', '--json'], env)
    expect(res.code).toBe(0)
    const done = res.events.find((e) => e.event === 'done')!
    expect(await listedIds(sandbox)).toEqual([done.id])
    expect(await sandboxHash(sandbox, done.id as string, dir)).toBe(await sha256(path))
  })

  it('a stale runner lock left by the killed process does not block resume', async () => {
    const { dir, env, target } = await setup()
    const path = await randomFile(dir, 'lock.jsonl', 4 * MiB)
    const up = start(['upload', path, '--purpose', 'fine-tune', '--force', ...target, '--part-size', '1', '--speed-limit', '2', '--json'], env)
    await up.waitFor((e) => e.event === 'progress' && (e.sent as number) > 0)
    up.child.kill('SIGKILL')
    await up.done
    expect(await readdir(env.FERRY_HOME)).toContain('runner.lock')
    const lock = JSON.parse(await readFile(join(env.FERRY_HOME, 'runner.lock'), 'utf8'))
    expect(lock.pid).toBe(up.child.pid)
    const res = await ferry(['resume', '--json'], env)
    expect(res.code).toBe(0)
    expect(res.events.some((e) => e.event === 'done')).toBe(true)
  })
})

async function until(cond: () => boolean, everyMs = 20, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
