/// <reference lib="dom" />
// End to end in real Chromium: accounts made through the form, pointed at a sandbox behind the fault proxy (and a relay
// that can take it off the network), for the failure paths of UI.md §8: offline, busy, wrong key, quota, a file changed
// mid-upload, a damaged queue; Test connection; two accounts of one provider; the key never reaching the renderer.
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startSandbox, type Sandbox } from '../../src/core/sandbox'
import type { JobView } from '../../src/shared/api'
import { startFaultProxy, type FaultProxy } from '../doubles/faults'
import {
  addPaths,
  bigChatFile,
  chatFile,
  e2eReady,
  failure,
  go,
  Host,
  launch,
  newPage,
  removeTempDirs,
  row,
  shot,
  sleep,
  startRelay,
  tempDir,
  until,
  waitState,
  type Capture,
  type Relay
} from './harness'

const MiB = 1024 * 1024
const SECRET = 'sk-e2e-Work-9f8e7d6c5b4a39281706-k3y1'
const SECRET_2 = 'sk-e2e-Personal-0a1b2c3d4e5f60718293-p3r5'
const SECRET_3 = 'sk-e2e-Work-replaced-5566778899aabbcc-n3w2'

describe.runIf(e2eReady())('e2e: accounts and faults (sandbox behind a fault proxy)', () => {
  let browser: Browser
  let page: Page
  let host: Host
  let data: string
  let sandbox: Sandbox
  let proxy: FaultProxy
  let relay: Relay
  const capture: Capture = { requests: [], responses: [] }

  beforeAll(async () => {
    browser = await launch()
    sandbox = await startSandbox({ dir: await tempDir('ferry-e2e-sandbox-') })
    proxy = await startFaultProxy(sandbox.url)
    relay = await startRelay(proxy.url)
    host = new Host(await tempDir('ferry-e2e-home-'))
    data = await tempDir('ferry-e2e-data-')
    await host.start()
    ;({ page } = await newPage(browser, capture))
  })
  afterEach(async (ctx) => {
    proxy.clearRules()
    if (ctx.task.result?.state === 'fail') {
      await failure(page, ctx.task.name, host)
      console.log('proxy log:', proxy.log.slice(-20))
    }
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop('SIGKILL')
    await relay?.close()
    await proxy?.close()
    await sandbox?.close()
    await removeTempDirs()
  })

  const job = async (name: string): Promise<JobView> => (await host.call<{ jobs: JobView[] }>('snapshot')).jobs.find((j) => j.file.name === name)!
  const confirmedPart = async (name: string): Promise<boolean> => {
    const j = await job(name)
    return (await readFile(join(host.home, 'jobs', `${j.id}.parts.jsonl`), 'utf8').catch(() => '')).trim().length > 0
  }
  /** Every text a row shows from now on, for "never says X" checks. */
  const watchRow = (name: string): Promise<void> =>
    page.evaluate((n) => {
      const w = window as unknown as { __rowTexts: string[] }
      w.__rowTexts = []
      const grab = (): void => {
        for (const r of Array.from(document.querySelectorAll('[role="row"][data-job-id]')))
          if (r.querySelector('.file-name')?.textContent === n) w.__rowTexts.push((r as HTMLElement).innerText)
      }
      new MutationObserver(grab).observe(document.body, { subtree: true, childList: true, characterData: true })
      grab()
    }, name)
  const rowTexts = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __rowTexts: string[] }).__rowTexts)

  const fillAccount = async (o: { provider: string; name: string; key: string; baseUrl?: string; uploads?: boolean }): Promise<void> => {
    await page.getByLabel('Provider').selectOption({ label: o.provider })
    await page.getByLabel(/^Name/).fill(o.name)
    await page.locator('#account-key').fill(o.key)
    if (o.baseUrl) await page.getByLabel(/^Base URL/).fill(o.baseUrl)
    if (o.uploads) await page.getByLabel('Supports large-file uploads').check()
  }

  it('21: Test connection says "The key was not accepted." for a refused key and "Connected." for a good one', async () => {
    await page.goto(host.url)
    await page.getByRole('button', { name: 'Add an account' }).click()
    await page.getByRole('heading', { name: 'Add account' }).waitFor()
    await fillAccount({ provider: 'Other (OpenAI-compatible)', name: 'Work', key: SECRET, baseUrl: relay.url, uploads: true })
    proxy.addRule({ method: 'GET', path: /\/files$/, action: { status: 401, body: { error: { message: `Incorrect API key provided: ${SECRET}`, type: 'invalid_request_error', code: 'invalid_api_key' } } } })
    await page.getByRole('button', { name: 'Test connection' }).click()
    await page.getByRole('status').filter({ hasText: 'The key was not accepted. Check that you copied all of it.' }).waitFor()
    await page.getByRole('button', { name: 'Test connection' }).click()
    await page.getByRole('status').filter({ hasText: /Connected\. 0 files\./ }).waitFor()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('form.account-form').waitFor({ state: 'detached' })
    await page.locator('.account-row', { hasText: 'Work' }).getByText(/^Connected /).waitFor()
  })

  it('24: Yandex requires a Folder ID; Azure shows Resource URL', async () => {
    await page.getByRole('button', { name: 'Add account' }).click()
    await fillAccount({ provider: 'Yandex AI Studio', name: 'Cloud', key: 'AQVN-e2e-yandex-key' })
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Fill in Folder ID.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true')
    expect(await page.getByLabel(/^Folder ID/).count()).toBe(1)
    await page.getByLabel('Provider').selectOption({ label: 'Azure OpenAI' })
    expect(await page.getByLabel(/^Resource URL/).count()).toBe(1)
    expect(await page.getByLabel(/^Folder ID/).count()).toBe(0)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.locator('form.account-form').waitFor({ state: 'detached' })
  })

  it('23: two accounts of one provider get distinct chips; one click switches; queued rows keep their account', async () => {
    await page.getByRole('button', { name: 'Add account' }).click()
    await fillAccount({ provider: 'Other (OpenAI-compatible)', name: 'Personal', key: SECRET_2, baseUrl: relay.url, uploads: true })
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('.account-row', { hasText: 'Personal' }).waitFor()
    const chip = async (n: string): Promise<string> => {
      const c = page.locator('.account-row', { hasText: n }).locator('.chip')
      return `${await c.innerText()}|${await c.getAttribute('class')}`
    }
    expect(await chip('Work')).not.toBe(await chip('Personal'))
    await shot(page, 'accounts')

    // Work is active (the first account added); a file queued for it keeps it after the switch to Personal.
    expect(await page.locator('.switcher-name').innerText()).toBe('Work')
    await host.call('updateSettings', { autoStart: false, partSizeMiB: 8 })
    await go(page, 'Queue')
    await addPaths(page, await chatFile(data, 'for-work.jsonl', 12))
    await waitState(page, 'for-work.jsonl', /Ready|Waiting for a free slot/)
    await page.locator('.switcher-button').click()
    await page.getByRole('menuitemradio', { name: /Personal/ }).click()
    await until(async () => (await page.locator('.switcher-name').innerText()) === 'Personal', 5000, 'the switch')
    expect(await page.locator('#add-target').inputValue()).toBe((await host.call<{ activeAccountId: string }>('snapshot')).activeAccountId)
    expect(await row(page, 'for-work.jsonl').locator('.account-name').innerText()).toBe('Work')
    await host.call('updateSettings', { autoStart: true })
    await waitState(page, 'for-work.jsonl', 'Uploaded')
    expect(await row(page, 'for-work.jsonl').locator('.account-name').innerText()).toBe('Work')
    // Back to Work for the rest.
    await page.locator('.switcher-button').click()
    await page.getByRole('menuitemradio', { name: /Work/ }).click()
    await until(async () => (await page.locator('.switcher-name').innerText()) === 'Work', 5000, 'the switch back')
  })

  it('12: offline: the banner within 5 s and "Waiting for network"; back online it finishes by itself', async () => {
    // The second part waits at the proxy, so the upload is mid-way when the network goes.
    proxy.addRule({ method: 'POST', path: /\/parts$/, skip: 1, times: 1, action: { stallMs: 60_000 } })
    await addPaths(page, await bigChatFile(data, 'offline.jsonl', 20 * MiB))
    await until(() => confirmedPart('offline.jsonl'), 20_000, 'a confirmed part')
    const t0 = Date.now()
    await relay.off()
    await page.getByText("You're offline. Uploads are paused and will continue by themselves when the connection is back.").waitFor({ timeout: 8000 })
    expect(Date.now() - t0).toBeLessThanOrEqual(5000 + 500)
    await waitState(page, 'offline.jsonl', 'Waiting for network', 10_000)
    await relay.on()
    await waitState(page, 'offline.jsonl', 'Uploaded', 30_000)
    // The banner goes at the next connectivity probe (every 3 s).
    await page.getByText("You're offline.", { exact: false }).waitFor({ state: 'detached', timeout: 5000 })
  })

  it('13: a busy provider: "Retrying in 5 s" counts down, then "Uploaded"', async () => {
    // One request (a file under the part size): nothing else moves while it waits.
    proxy.addRule({ method: 'POST', path: /\/files$/, times: 1, action: { status: 503, headers: { 'retry-after': '5' }, body: { error: { message: 'overloaded', type: 'server_error', code: null } } } })
    await watchRow('busy.jsonl')
    await addPaths(page, await bigChatFile(data, 'busy.jsonl', 1 * MiB))
    await waitState(page, 'busy.jsonl', 'Uploaded', 25_000)
    const states = [...new Set((await rowTexts()).map((t) => /Retrying in \d+ s|Uploading|Uploaded/.exec(t)?.[0]).filter(Boolean))]
    expect(states).toContain('Retrying in 5 s')
    expect(states.filter((s) => /^Retrying in [1-4] s$/.test(s!)).length).toBeGreaterThanOrEqual(2)
    expect(states[states.length - 1]).toBe('Uploaded')
  })

  it('14: a wrong key says "Key not accepted."; Fix key focuses the key field; quota says "Out of quota." and never "Retrying"', async () => {
    proxy.addRule({ times: Infinity, action: { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } } })
    await addPaths(page, await chatFile(data, 'badkey.jsonl', 12))
    await row(page, 'badkey.jsonl').getByText('Key not accepted.').waitFor({ timeout: 15_000 })
    await row(page, 'badkey.jsonl').getByRole('button', { name: 'Fix key' }).click()
    await until(() => page.evaluate(() => document.activeElement?.id === 'account-key'), 5000, 'focus in the key field')
    expect(page.url()).toMatch(/#\/accounts\/[^/]+\/key$/)
    proxy.clearRules()
    await page.locator('#account-key').fill(SECRET_3)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('form.account-form').waitFor({ state: 'detached' })
    await go(page, 'Queue')
    await waitState(page, 'badkey.jsonl', 'Uploaded', 20_000)

    proxy.addRule({ times: Infinity, action: { status: 429, body: { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } } } })
    await watchRow('quota.jsonl')
    await addPaths(page, await chatFile(data, 'quota.jsonl', 12))
    await row(page, 'quota.jsonl').getByText('Out of quota.').waitFor({ timeout: 15_000 })
    await sleep(3000)
    expect((await rowTexts()).filter((t) => /Retrying/.test(t))).toEqual([])
    proxy.clearRules()
    await row(page, 'quota.jsonl').getByRole('button', { name: 'Retry', exact: true }).click()
    await waitState(page, 'quota.jsonl', 'Uploaded', 20_000)
  })

  it('15: a file appended to while paused mid-upload says "File changed." on resume', async () => {
    proxy.addRule({ method: 'POST', path: /\/parts$/, skip: 1, times: 1, action: { stallMs: 60_000 } })
    const path = await bigChatFile(data, 'append.jsonl', 20 * MiB)
    await addPaths(page, path)
    await until(() => confirmedPart('append.jsonl'), 20_000, 'a confirmed part')
    await row(page, 'append.jsonl').getByRole('button', { name: 'Pause' }).click()
    await waitState(page, 'append.jsonl', 'Paused')
    await appendFile(path, JSON.stringify({ messages: [{ role: 'user', content: 'late' }, { role: 'assistant', content: 'line' }] }) + '\n')
    await row(page, 'append.jsonl').getByRole('button', { name: 'Resume' }).click()
    await row(page, 'append.jsonl').getByText('File changed.').waitFor({ timeout: 20_000 })
    expect(await row(page, 'append.jsonl').getByRole('button', { name: 'Start over' }).count()).toBe(1)
  })

  it('22: the full key never reaches the DOM, any answer or any event: only the requests that carried it in', async () => {
    const sse = await page.evaluate(() => (window as unknown as { __sse: string[] }).__sse.join('\n'))
    expect(sse.length).toBeGreaterThan(1000)
    const dom = await page.content()
    for (const key of [SECRET, SECRET_2, SECRET_3]) {
      expect(dom).not.toContain(key)
      expect(sse).not.toContain(key)
      for (const r of capture.responses) expect(r).not.toContain(key)
      const carrying = capture.requests.filter((r) => r.body.includes(key) || r.url.includes(key))
      expect(carrying.length).toBe(1)
      expect(carrying[0]!.url).toMatch(/\/api\/(addAccount|updateAccount)$/)
    }
    expect(capture.requests.filter((r) => r.url.endsWith('/api/addAccount')).length).toBe(2)
    // What the renderer does get: the last four characters.
    await go(page, 'Accounts')
    await page.getByText('••••n3w2').first().waitFor()
    const accounts = await page.content()
    for (const key of [SECRET, SECRET_2, SECRET_3]) expect(accounts).not.toContain(key)
  })

  it('15: a damaged queue entry: "Upload list repaired." after a restart', async () => {
    const jobs = (await readdir(join(host.home, 'jobs'))).filter((n) => /^job_[\w-]+\.json$/.test(n))
    await host.stop('SIGTERM')
    await writeFile(join(host.home, 'jobs', jobs[0]!), '{"version":1,"id":')
    await page.goto(await host.start())
    await page.getByRole('alert').filter({ hasText: 'Upload list repaired.' }).waitFor()
  })

  it('25: with no keyring, the key field warns and "Only until Ferry closes" is chosen', async () => {
    const other = new Host(await tempDir('ferry-e2e-home-'))
    await other.start({ FERRY_NO_KEYRING: '1' })
    try {
      await page.goto(other.url)
      await page.getByRole('button', { name: 'Add an account' }).click()
      await page.getByText("Keys can't be protected here.").first().waitFor()
      expect(await page.getByLabel('Only until Ferry closes').isChecked()).toBe(true)
      expect(await page.getByLabel('Save anyway').isChecked()).toBe(false)
    } finally {
      await other.stop('SIGKILL')
    }
  })
})
