// Proves `ferry sandbox`: prints its URL line when ready, uses <home>/sandbox and FERRY_SANDBOX_LIMITS, exits 0 on SIGTERM.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers'

/** Bundles a tiny program around registerSandbox (CJS, dependencies inlined) so it runs in a real child process. */
async function bundleCli(dir: string): Promise<string> {
  const entry = join(dir, 'entry.ts')
  const commandModule = resolve(import.meta.dirname, '../../../src/cli/commands/sandbox.ts')
  await writeFile(
    entry,
    `import { Command } from 'commander'
import { registerSandbox } from ${JSON.stringify(commandModule)}
const program = new Command('ferry')
registerSandbox(program, () => process.env.FERRY_TEST_HOME ?? '')
void program.parseAsync(process.argv)
`
  )
  const outfile = join(dir, 'ferry-test.cjs')
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    nodePaths: [resolve(import.meta.dirname, '../../../node_modules')],
    logLevel: 'silent'
  })
  return outfile
}

describe('ferry sandbox', () => {
  it('prints the URL line, serves with the env limits, and exits 0 on SIGTERM', async () => {
    const dir = await tempDir()
    const cli = await bundleCli(dir)
    const home = join(dir, 'home')
    const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0'], {
      env: { ...process.env, FERRY_TEST_HOME: home, FERRY_SANDBOX_LIMITS: '{"maxFileBytes":10}' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const exited = once(child, 'exit')
    const lines = createInterface({ input: child.stdout })
    const [first] = (await once(lines, 'line')) as [string]
    const match = /^Ferry sandbox: (http:\/\/127\.0\.0\.1:(\d+)\/v1)$/.exec(first)
    expect(match).not.toBeNull()
    const url = match?.[1] ?? ''

    const form = new FormData()
    form.set('purpose', 'batch')
    form.set('file', new Blob(['x'.repeat(11)]), 'a.jsonl')
    const res = await fetch(`${url}/files`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: form })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('10 bytes')
    expect(existsSync(join(home, 'sandbox'))).toBe(true)

    child.kill('SIGTERM')
    const [code, signal] = await exited
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  })

  it('refuses a port that is not a number', async () => {
    const dir = await tempDir()
    const cli = await bundleCli(dir)
    const child = spawn(process.execPath, [cli, 'sandbox', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const [code] = await once(child, 'exit')
    expect(code).not.toBe(0)
  })
})
