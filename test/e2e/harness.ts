/// <reference lib="dom" />
// The end-to-end harness: the system's Chromium driven by playwright-core, the browser host (`out/cli/web.mjs`) as a real
// child process with its own FERRY_HOME (so "kill the host" is a real SIGKILL), JSONL fixtures, a switchable relay that
// takes a provider off the network and back, page capture (requests, responses, SSE text) and screenshots.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ROOT = resolve(import.meta.dirname, '../..')
const WEB = join(ROOT, 'out/cli/web.mjs')
const ARTIFACTS = join(ROOT, 'test-results/e2e')
const DOCS_SHOTS = join(ROOT, 'docs/screenshots')

/** The system's Chromium, or null (the suite then says so in one line and is skipped). */
export function findChromium(): string | null {
  if (process.env.FERRY_E2E_CHROMIUM) return existsSync(process.env.FERRY_E2E_CHROMIUM) ? process.env.FERRY_E2E_CHROMIUM : null
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' })
    const path = r.status === 0 ? r.stdout.trim() : ''
    if (path && existsSync(path)) return path
  }
  return null
}

export const CHROMIUM = findChromium()
/**
 * True when Chromium is here; else the suite's files are skipped (reported as skipped, never as passed), and the one that
 * passes `say` prints the single line saying why.
 */
export function e2eReady(say = false): boolean {
  if (!CHROMIUM && say) console.log('e2e: no Chromium found (apt-get install chromium); skipped')
  return CHROMIUM !== null
}

// ---- temp dirs and fixtures ---------------------------------------------------------------------------------------------

const dirs: string[] = []
export async function tempDir(prefix = 'ferry-e2e-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
export async function removeTempDirs(): Promise<void> {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }).catch(() => undefined)
}

export const chatLine = (i: number, reply = true): string =>
  JSON.stringify({
    messages: [{ role: 'user', content: `Question ${i}: what is ${i} + ${i}?` }, ...(reply ? [{ role: 'assistant', content: `It is ${i * 2}.` }] : [])]
  })

export const batchLine = (i: number): string =>
  JSON.stringify({ custom_id: `req-${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Say ${i}` }] } })

/** A valid chat fine-tune file of `lines` distinct examples. */
export async function chatFile(dir: string, name: string, lines: number, opts: { bad?: number[]; blankAfter?: number } = {}): Promise<string> {
  const bad = new Set(opts.bad ?? [])
  const out: string[] = []
  for (let i = 1; i <= lines; i++) {
    out.push(chatLine(i, !bad.has(i)))
    if (opts.blankAfter === i) out.push('')
  }
  const path = join(dir, name)
  await writeFile(path, out.join('\n') + '\n')
  return path
}

/** A valid chat file of about `bytes` bytes (distinct long lines), for uploads in several parts. */
export async function bigChatFile(dir: string, name: string, bytes: number): Promise<string> {
  const path = join(dir, name)
  const fh = await open(path, 'w')
  const pad = 'lorem ipsum dolor sit amet '.repeat(150)
  let written = 0
  let chunk: string[] = []
  for (let i = 1; written < bytes; i++) {
    const line = JSON.stringify({ messages: [{ role: 'user', content: `Example ${i}. ${pad}` }, { role: 'assistant', content: `Answer ${i}.` }] }) + '\n'
    chunk.push(line)
    written += Buffer.byteLength(line)
    if (chunk.length >= 500) {
      await fh.write(chunk.join(''))
      chunk = []
    }
  }
  await fh.write(chunk.join(''))
  await fh.close()
  return path
}

export async function sparseFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name)
  const fh = await open(path, 'w')
  await fh.truncate(size)
  await fh.close()
  return path
}

// ---- the browser host as a child process --------------------------------------------------------------------------------

export class Host {
  proc: ChildProcess | null = null
  url = ''
  token = ''
  port = 0
  stderr = ''

  constructor(
    readonly home: string,
    private env: Record<string, string> = {}
  ) {}

  async start(env: Record<string, string> = this.env): Promise<string> {
    this.env = env
    const proc = spawn(process.execPath, [WEB, '--port', '0'], {
      env: { ...process.env, FERRY_HOME: this.home, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.proc = proc
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d))
    this.url = await new Promise<string>((done, fail) => {
      let out = ''
      const timer = setTimeout(() => fail(new Error(`web host did not start: ${this.stderr}`)), 30_000)
      proc.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d
        const m = /Ferry web: (\S+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          done(m[1]!)
        }
      })
      proc.once('exit', (code) => {
        clearTimeout(timer)
        fail(new Error(`web host exited (${code}): ${this.stderr}`))
      })
    })
    const u = new URL(this.url)
    this.token = u.searchParams.get('token') ?? ''
    this.port = Number(u.port)
    return this.url
  }

  /** SIGKILL (a crash: nothing is saved on the way out) or SIGTERM (a clean stop). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this.proc
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((done) => proc.once('exit', () => done()))
    proc.kill(signal)
    await exited
    this.proc = null
  }

  /** The host's own API, for what the test needs to know but the page is not asked (e.g. a job's confirmed bytes). */
  async call<T>(verb: string, input: unknown = {}): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${this.port}/api/${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ferry-token': this.token },
      body: JSON.stringify(input)
    })
    const r = (await res.json()) as { ok: boolean; value: T; error?: unknown }
    if (!r.ok) throw new Error(`${verb}: ${JSON.stringify(r.error)}`)
    return r.value
  }
}

// ---- a relay that can take a server off the network and put it back on the same address ----------------------------------

export interface Relay {
  url: string
  off(): Promise<void>
  on(): Promise<void>
  close(): Promise<void>
}

export async function startRelay(targetUrl: string): Promise<Relay> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let port = 0
  const listen = async (): Promise<void> => {
    const s = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname)
      sockets.add(client)
      sockets.add(upstream)
      client.pipe(upstream).pipe(client)
      const end = (): void => {
        client.destroy()
        upstream.destroy()
        sockets.delete(client)
        sockets.delete(upstream)
      }
      client.on('error', end).on('close', end)
      upstream.on('error', end).on('close', end)
    })
    await new Promise<void>((done, fail) => {
      s.once('error', fail)
      s.listen(port, '127.0.0.1', () => done())
    })
    port = (s.address() as { port: number }).port
    server = s
  }
  const off = async (): Promise<void> => {
    const s = server
    server = null
    if (!s) return
    for (const sock of sockets) sock.resetAndDestroy()
    sockets.clear()
    await new Promise<void>((done) => s.close(() => done()))
  }
  await listen()
  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`,
    off,
    on: listen,
    close: off
  }
}

// ---- the browser ----------------------------------------------------------------------------------------------------------

export interface Capture {
  /** Every API request: url and body. */
  requests: { url: string; body: string }[]
  /** Every API response body (not the event stream). */
  responses: string[]
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** A fresh profile (Playwright's contexts are incognito-like) at 1280×800 that may use the clipboard. */
export async function newPage(browser: Browser, capture?: Capture): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US' })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  // The raw text of every server-sent event the page receives, for the "key never reaches the renderer" check.
  await context.addInitScript(() => {
    const w = window as unknown as { __sse: string[]; EventSource: typeof EventSource }
    w.__sse = []
    const Native = w.EventSource
    w.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init)
        this.addEventListener('message', (e) => w.__sse.push(String((e as MessageEvent).data)))
      }
    }
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  if (capture) {
    page.on('request', (req) => {
      if (req.url().includes('/api/')) capture.requests.push({ url: req.url(), body: req.postData() ?? '' })
    })
    page.on('response', (res) => {
      if (res.url().includes('/api/') && !res.url().includes('/api/events')) void res.text().then((t) => capture.responses.push(t), () => undefined)
    })
  }
  return { context, page }
}

const CANONICAL = new Set(['welcome', 'queue', 'validation-panel', 'files', 'accounts', 'settings', 'queue-ru'])

/** Saves a screenshot under test-results/e2e; the README's set also goes to docs/screenshots when FERRY_UPDATE_SCREENSHOTS=1. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  // No blinking caret, running animation or passing toast in the picture.
  await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur?.()
    for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('.toasts .toast button'))) b.click()
  })
  await page.locator('.toasts .toast').first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined)
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
  if (process.env.FERRY_UPDATE_SCREENSHOTS === '1' && CANONICAL.has(name)) {
    mkdirSync(DOCS_SHOTS, { recursive: true })
    copyFileSync(path, join(DOCS_SHOTS, `${name}.png`))
  }
}

// ---- small page helpers ---------------------------------------------------------------------------------------------------

export function row(page: Page, name: string): Locator {
  return page.locator('[role="row"][data-job-id]').filter({ has: page.locator('.file-name', { hasText: new RegExp(`^${escape(name)}$`) }) })
}

export function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Waits for a job row's state word to match. */
export async function waitState(page: Page, name: string, state: string | RegExp, timeout = 30_000): Promise<void> {
  const re = typeof state === 'string' ? new RegExp(`^${escape(state)}$`) : state
  await row(page, name).locator('.status-word', { hasText: re }).waitFor({ timeout })
}

export async function addPaths(page: Page, ...paths: string[]): Promise<void> {
  await page.getByLabel('File paths').fill(paths.join('\n'))
  await page.getByRole('button', { name: 'Add by path' }).click()
  for (const p of paths) await row(page, p.split('/').pop()!).waitFor()
}

export async function go(page: Page, view: 'Queue' | 'Files' | 'Accounts' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view }).click()
}

/** Fails when the page shows a broken value anywhere. */
export async function assertNoJunk(page: Page): Promise<void> {
  const text = await page.locator('body').innerText()
  for (const junk of ['NaN', 'undefined', '[object', 'Infinity']) {
    if (text.includes(junk)) throw new Error(`The page shows "${junk}":\n${text.slice(0, 2000)}`)
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls until fn returns a truthy value. */
export async function until<T>(fn: () => Promise<T> | T, timeout = 15_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeout
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** On a failed test: a screenshot and the page's text into test-results/e2e, and the host's stderr to the log. */
export async function failure(page: Page | undefined, name: string, host?: Host): Promise<void> {
  if (!page) return
  const safe = `failed-${name.replace(/[^\w-]+/g, '-').slice(0, 60)}`
  await shot(page, safe).catch(() => undefined)
  const text = await page.locator('body').innerText().catch(() => '')
  const jobs = await host
    ?.call<{ jobs: { file: { name: string }; state: string; bytesSent: number }[] }>('snapshot')
    .then((s) => s.jobs.map((j) => `${j.file.name}: ${j.state} ${j.bytesSent}`).join('\n'))
    .catch((e: unknown) => String(e))
  console.log(`--- ${name}: page at ${page.url()}\n${text.slice(0, 3000)}\n--- host jobs:\n${jobs}\n--- host stderr:\n${host?.stderr.slice(-2000) ?? ''}`)
}
