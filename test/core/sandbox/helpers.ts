// Test helpers for the sandbox: a temp-dir sandbox per test, a settable clock, and a tiny fetch-based client.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/core/sandbox'

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-sandbox-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Files left in the sandbox's tmp areas (bodies being received); empty when nothing is in flight. */
export async function tmpFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(dir, 'tmp'), { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => e.name)
}

/** Starts a sandbox on a fresh (or given) dir; it is closed after the test. */
export async function sandbox(opts: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sb = await startSandbox({ dir: opts.dir ?? (await tempDir()), ...opts })
  cleanups.push(() => sb.close())
  return sb
}

/** A clock the test moves by hand. */
export function manualClock(startMs = Date.UTC(2026, 0, 1)): { now: () => number; advance: (seconds: number) => void } {
  let t = startMs
  return { now: () => t, advance: (seconds) => void (t += seconds * 1000) }
}

export interface Reply {
  status: number
  headers: Headers
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely-typed JSON bodies
  body: any
}

export function client(sb: Sandbox, key: string | null = 'sk-test-1') {
  const auth: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` }
  async function call(method: string, path: string, init: { json?: unknown; form?: FormData } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...auth }
    let body: string | FormData | undefined
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    } else if (init.form) {
      body = init.form
    }
    const res = await fetch(`${sb.url}${path}`, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    if (res.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text)
    return { status: res.status, headers: res.headers, body: parsed }
  }
  return {
    call,
    get: (path: string) => call('GET', path),
    del: (path: string) => call('DELETE', path),
    post: (path: string, json?: unknown) => call('POST', path, { json }),
    postForm: (path: string, form: FormData) => call('POST', path, { form }),
    uploadFile(content: string | Uint8Array<ArrayBuffer>, purpose = 'fine-tune', filename = 'data.jsonl', extra: Record<string, string> = {}) {
      const form = new FormData()
      form.set('purpose', purpose)
      for (const [k, v] of Object.entries(extra)) form.set(k, v)
      form.set('file', new Blob([content]), filename)
      return call('POST', '/files', { form })
    },
    addPart(uploadId: string, content: string | Uint8Array<ArrayBuffer>) {
      const form = new FormData()
      form.set('data', new Blob([content]))
      return call('POST', `/uploads/${uploadId}/parts`, { form })
    }
  }
}

export type Client = ReturnType<typeof client>

export function expectEnvelope(reply: Reply, status: number): { message: string; type: string; param: string | null; code: string | null } {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`)
  const error = (reply.body as { error?: unknown }).error as { message: string; type: string; param: string | null; code: string | null }
  if (!error || typeof error.message !== 'string' || typeof error.type !== 'string' || !('param' in error) || !('code' in error)) {
    throw new Error(`not an OpenAI error envelope: ${JSON.stringify(reply.body)}`)
  }
  return error
}
