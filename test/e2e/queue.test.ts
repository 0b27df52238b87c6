/// <reference lib="dom" />
// End to end in real Chromium against the browser host and its built-in sandbox (UI.md §8): first run, the content check and
// its panel, uploads with progress, pause and resume, a SIGKILL of the host mid-upload, keyboard only, ARIA, reduced motion,
// contrast, Russian. Screenshots of the welcome, queue, validation panel, settings and Russian queue views.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { JobView } from '../../src/shared/api'
import {
  addPaths,
  assertNoJunk,
  bigChatFile,
  batchLine,
  chatFile,
  chatLine,
  failure,
  e2eReady,
  go,
  Host,
  launch,
  newPage,
  removeTempDirs,
  row,
  shot,
  sleep,
  sparseFile,
  tempDir,
  until,
  waitState
} from './harness'
import { contrastViolations } from './contrast'

const MiB = 1024 * 1024

describe.runIf(e2eReady(true))('e2e: queue, check, upload (built-in sandbox)', () => {
  let browser: Browser
  let page: Page
  let host: Host
  let data: string

  beforeAll(async () => {
    browser = await launch()
    host = new Host(await tempDir('ferry-e2e-home-'))
    data = await tempDir('ferry-e2e-data-')
    await host.start()
    ;({ page } = await newPage(browser))
  })
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await failure(page, ctx.task.name, host)
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop('SIGKILL')
    await removeTempDirs()
  })

  const bigJob = async (name: string): Promise<JobView> => {
    const snap = await host.call<{ jobs: JobView[] }>('snapshot')
    return snap.jobs.find((j) => j.file.name === name)!
  }
  /** A part the sandbox confirmed is in the job's parts log. */
  const confirmedPart = async (jobId: string): Promise<boolean> => {
    const text = await readFile(join(host.home, 'jobs', `${jobId}.parts.jsonl`), 'utf8').catch(() => '')
    return text.trim().length > 0
  }
  /** Records the highest aria-valuenow each progress bar (by its label, the file name) ever shows. */
  const recordBars = (p: Page): Promise<void> =>
    p.evaluate(() => {
      const w = window as unknown as { __bars: Record<string, number> }
      w.__bars = {}
      const note = (el: Element): void => {
        const v = Number(el.getAttribute('aria-valuenow'))
        const name = el.getAttribute('aria-label') ?? ''
        if (el.getAttribute('role') === 'progressbar' && el.hasAttribute('aria-valuenow')) w.__bars[name] = Math.max(w.__bars[name] ?? 0, v)
      }
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') note(r.target as Element)
          else for (const n of Array.from(r.addedNodes)) if (n instanceof Element) [n, ...Array.from(n.querySelectorAll('[role="progressbar"]'))].forEach(note)
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] })
    })
  const valueNow = async (name: string): Promise<number> => Number(await row(page, name).getByRole('progressbar').getAttribute('aria-valuenow', { timeout: 2000 }))

  it('1: a fresh FERRY_HOME opens on Welcome with the four key hints; Try the sandbox opens the Queue on the sandbox', async () => {
    await page.goto(host.url)
    await page.getByRole('heading', { name: 'Welcome to Ferry' }).waitFor()
    expect(page.url()).toContain('#/welcome')
    const hints = page.locator('.key-hint')
    expect(await hints.count()).toBe(4)
    const text = await page.locator('.key-hints').innerText()
    for (const s of [
      'At platform.openai.com, open API keys and create a secret key (it starts with sk-).',
      'In your NetMind Power dashboard, copy a key from the API keys page.',
      "In the Yandex Cloud console, create a service account's API key in your folder; copy the folder ID shown by its name.",
      "Copy the API key and base URL from your provider's developer settings."
    ])
      expect(text).toContain(s)
    await shot(page, 'welcome')
    await page.getByRole('button', { name: 'Try the sandbox' }).click()
    await page.getByText('Drop your .jsonl files here').waitFor()
    expect(page.url()).toContain('#/queue')
    expect(await page.locator('.switcher-button').getAttribute('aria-label')).toMatch(/Sandbox/)
  })

  it('settings: part size 8 MB and a 2 MB/s speed limit, so an upload lasts long enough to act on', async () => {
    await go(page, 'Settings')
    await page.getByLabel('Part size (MB)').fill('8')
    await page.getByLabel('Part size (MB)').press('Enter')
    await page.getByLabel('Speed limit (MB/s)').fill('2')
    await page.getByLabel('Speed limit (MB/s)').press('Enter')
    await until(async () => {
      const s = await host.call<{ settings: { partSizeMiB: number; speedLimit: number | null } }>('snapshot')
      return s.settings.partSizeMiB === 8 && s.settings.speedLimit === 2 * MiB
    })
    await shot(page, 'settings')
    // The engine reads the speed limit when the host starts (a change takes effect at the next start): restart it.
    await host.stop('SIGTERM')
    await page.goto(await host.start())
    await page.getByText('Drop your .jsonl files here').waitFor()
  })

  it('2, 3: a valid file is checked and uploaded, Copy ID copies its id; line 3 without a reply "Needs fixing" with no bar', async () => {
    const good = await chatFile(data, 'good.jsonl', 20)
    const bad = await chatFile(data, 'line3.jsonl', 10, { bad: [3] })
    await addPaths(page, good, bad)
    await waitState(page, 'good.jsonl', 'Uploaded')
    const job = await bigJob('good.jsonl')
    expect(job.remoteId).toMatch(/^file-/)
    await row(page, 'good.jsonl').getByText(`ID ${job.remoteId}`).waitFor()
    await row(page, 'good.jsonl').getByRole('button', { name: 'Copy ID' }).click()
    await page.getByText(`Copied ${job.remoteId}`).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(job.remoteId)

    await waitState(page, 'line3.jsonl', 'Needs fixing')
    const r3 = row(page, 'line3.jsonl')
    expect(await r3.getByRole('progressbar').count()).toBe(0)
    await r3.getByRole('button', { name: 'Show problems' }).click()
    const panel = page.locator('aside.panel')
    await panel.getByText(/Not ready: 1 line has problems/).waitFor()
    const header = panel.locator('.group-toggle > span:last-child').first()
    expect(await header.innerText()).toMatch(/^Line 3: /)
    expect(await panel.getByRole('button', { name: 'Upload anyway' }).count()).toBe(0)
    expect(await r3.getByRole('button', { name: 'Upload anyway' }).count()).toBe(0)
    await panel.getByText('Fix the file, save it, then press Check again.').waitFor()
    await assertNoJunk(page)
    await panel.getByRole('button', { name: 'Close' }).click()
  })

  it('4: 43 lines without a reply: "Line 3, 8 and 41 more"; Show all lists 43', async () => {
    const bad = [3, 8, ...Array.from({ length: 41 }, (_, i) => 20 + i * 2)]
    const path = await chatFile(data, 'many-bad.jsonl', 120, { bad })
    await addPaths(page, path)
    await waitState(page, 'many-bad.jsonl', 'Needs fixing')
    await row(page, 'many-bad.jsonl').click()
    await row(page, 'many-bad.jsonl').press('Enter')
    const panel = page.locator('aside.panel')
    await panel.getByText(/Not ready: 43 lines have problems/).waitFor()
    const header = panel.locator('.group-toggle > span:last-child').first()
    expect(await header.innerText()).toMatch(/^Line 3, 8 and 41 more: /)
    await panel.getByRole('button', { name: 'Show all' }).first().click()
    await until(async () => (await panel.locator('.group').first().locator('li.finding').count()) === 43, 10_000, '43 findings listed')
    await shot(page, 'validation-panel')
    await page.keyboard.press('Escape')
  })

  it('5: a blank line only "Has warnings"; Upload anyway uploads it', async () => {
    const path = await chatFile(data, 'blank.jsonl', 12, { blankAfter: 6 })
    await addPaths(page, path)
    await waitState(page, 'blank.jsonl', 'Has warnings')
    await row(page, 'blank.jsonl').getByRole('button', { name: 'Upload anyway' }).click()
    await waitState(page, 'blank.jsonl', 'Uploaded')
  })

  it('6: the problem is inside <mark>, a BOM shows as [BOM], and <b> in the data is text', async () => {
    const lines = [chatLine(1), chatLine(2), JSON.stringify({ messages: [{ role: 'user', content: '<b>bold</b> question' }] }), chatLine(4)]
    await writeFile(join(data, 'bom.jsonl'), '\uFEFF' + lines.join('\n') + '\n')
    await addPaths(page, join(data, 'bom.jsonl'))
    await waitState(page, 'bom.jsonl', /Needs fixing|Has warnings/)
    await page.goto(page.url().replace(/#.*$/, '') + `#/queue/${(await bigJob('bom.jsonl')).id}`)
    const panel = page.locator('aside.panel')
    // Every group open, so every snippet is in view.
    const closed = panel.locator('.group-toggle[aria-expanded="false"]')
    await panel.locator('.group-toggle').first().waitFor()
    while ((await closed.count()) > 0) await closed.first().click()
    await panel.locator('code.snippet mark').first().waitFor()
    const snippets = await panel.locator('code.snippet').allInnerTexts()
    expect(snippets.some((s) => s.includes('<b>bold</b>'))).toBe(true)
    expect(await panel.locator('code.snippet b').count()).toBe(0)
    expect(snippets.some((s) => s.includes('[BOM]'))).toBe(true)
    expect((await panel.locator('code.snippet mark').allInnerTexts()).every((m) => m.length > 0)).toBe(true)
    await page.keyboard.press('Escape')
  })

  it('7: a batch file added as Fine-tune offers "Change to Batch", which makes it clean', async () => {
    const path = join(data, 'requests.jsonl')
    await writeFile(path, Array.from({ length: 5 }, (_, i) => batchLine(i + 1)).join('\n') + '\n')
    // Auto-start off, so the clean file stays in the queue to be looked at.
    await host.call('updateSettings', { autoStart: false })
    await addPaths(page, path)
    await waitState(page, 'requests.jsonl', /Ready|Waiting for a free slot/)
    await row(page, 'requests.jsonl').getByLabel('Purpose of requests.jsonl').selectOption('fine-tune')
    await waitState(page, 'requests.jsonl', 'Needs fixing')
    await row(page, 'requests.jsonl').getByRole('button', { name: 'Show problems' }).click()
    await page.getByRole('button', { name: 'Change to Batch' }).click()
    await waitState(page, 'requests.jsonl', /Ready|Waiting for a free slot/)
    await page.locator('aside.panel').getByText(/Ready: .* will accept this file\./).waitFor()
    expect(await row(page, 'requests.jsonl').getByLabel('Purpose of requests.jsonl').inputValue()).toBe('batch')
    await page.keyboard.press('Escape')
    await row(page, 'requests.jsonl').getByRole('button', { name: 'Start' }).click()
    await waitState(page, 'requests.jsonl', 'Uploaded')
    await host.call('updateSettings', { autoStart: true })
  })

  it('8: a file over the size limit "Needs fixing" and says "the limit is"', async () => {
    const path = await sparseFile(data, 'huge-batch.jsonl', 201 * MiB)
    await addPaths(page, path)
    await row(page, 'huge-batch.jsonl').getByLabel('Purpose of huge-batch.jsonl').selectOption('batch').catch(() => undefined)
    await waitState(page, 'huge-batch.jsonl', 'Needs fixing')
    await row(page, 'huge-batch.jsonl').getByText(/the limit is 200 MB/).waitFor()
  })

  it('9, 10, 27, 28: progress to 100 with no junk; pause holds, resume says "Resumed —"; one bar per upload; reduced motion; contrast', async () => {
    const path = await bigChatFile(data, 'big.jsonl', 20 * MiB)
    await recordBars(page)
    await addPaths(page, path)
    await waitState(page, 'big.jsonl', 'Uploading')
    const job = await bigJob('big.jsonl')
    // 27: the grid counts every job; one progressbar per uploading row.
    const jobs = (await host.call<{ jobs: JobView[] }>('snapshot')).jobs
    expect(await page.getByRole('grid', { name: 'Jobs' }).getAttribute('aria-rowcount')).toBe(String(jobs.length))
    const uploading = page.locator('[role="row"][data-job-id]').filter({ has: page.locator('.status-word', { hasText: /^Uploading$/ }) })
    expect(await uploading.count()).toBeGreaterThan(0)
    for (const r of await uploading.all()) expect(await r.getByRole('progressbar').count()).toBe(1)
    await row(page, 'big.jsonl').scrollIntoViewIfNeeded()
    await shot(page, 'queue')

    // 28: reduced motion: nothing animates while an upload runs; no contrast failures in light or dark.
    await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' })
    await sleep(300)
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0)
    expect(await contrastViolations(page)).toEqual([])
    await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'dark' })
    await sleep(300)
    expect(await contrastViolations(page)).toEqual([])
    await page.emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' })

    // 10: pause after a confirmed part; the bar holds for 2 s.
    await until(() => confirmedPart(job.id), 30_000, 'a confirmed part')
    await row(page, 'big.jsonl').getByRole('button', { name: 'Pause' }).click()
    await waitState(page, 'big.jsonl', 'Paused')
    const held = await valueNow('big.jsonl')
    await sleep(2000)
    expect(await valueNow('big.jsonl')).toBe(held)
    await assertNoJunk(page)
    await row(page, 'big.jsonl').getByRole('button', { name: 'Resume' }).click()
    const note = row(page, 'big.jsonl').getByText(/^Resumed — /)
    await note.waitFor()
    expect(await note.innerText()).toMatch(/^Resumed — [1-9][\d.,]* (KB|MB) of 20(\.\d)? MB were already uploaded$/)

    // 9: the bar reaches 100 (every value it takes is recorded in the page); nothing reads NaN, undefined, [object.
    await until(
      async () => {
        await assertNoJunk(page)
        return (await row(page, 'big.jsonl').innerText()).includes('Uploaded')
      },
      40_000,
      'the upload to finish'
    )
    await waitState(page, 'big.jsonl', 'Uploaded')
    expect(await page.evaluate(() => (window as unknown as { __bars: Record<string, number> }).__bars['big.jsonl'])).toBe(100)
    await assertNoJunk(page)
  })

  it('11: a SIGKILL of the host after a confirmed part, then a restart: the upload continues from that part; Files lists it once', async () => {
    const path = await bigChatFile(data, 'crash.jsonl', 20 * MiB)
    await addPaths(page, path)
    await waitState(page, 'crash.jsonl', 'Uploading')
    const job = await bigJob('crash.jsonl')
    await until(() => confirmedPart(job.id), 30_000, 'a confirmed part')
    await host.stop('SIGKILL')
    await page.goto(await host.start())
    // What the provider already had comes from the parts log, which survives the kill (the job file's byte count may not).
    // The note shows while the bar does: wait for it before the upload can finish.
    await row(page, 'crash.jsonl').getByText(/^Resumed — [1-9][\d.,]* MB of 20(\.\d)? MB were already uploaded$/).waitFor()
    // The bar starts where the provider's confirmed parts end (at least the 4 MB last part of 20 MB), not at 0.
    let first = 0
    await until(
      async () => {
        const v = await valueNow('crash.jsonl').catch(() => 0)
        if (v > 0) first = v
        return first > 0 || (await row(page, 'crash.jsonl').innerText()).includes('Uploaded')
      },
      20_000,
      'the resumed bar'
    )
    expect(first).toBeGreaterThanOrEqual(19)
    await waitState(page, 'crash.jsonl', 'Uploaded', 40_000)
    await go(page, 'Files')
    await page.getByText(/^\d+ files?$/).waitFor()
    expect(await page.locator('.file-row').filter({ hasText: 'crash.jsonl' }).count()).toBe(1)
    await go(page, 'Queue')
  })

  it('26: keyboard only: add a file, open its panel, Esc back to the row, copy its ID', async () => {
    const path = await chatFile(data, 'keys.jsonl', 12)
    await page.locator('body').click({ position: { x: 900, y: 780 } })
    await page.keyboard.press('Control+o')
    await until(() => page.evaluate(() => document.activeElement?.id === 'add-paths'), 5000, 'focus in the path field')
    await page.keyboard.type(path)
    await page.keyboard.press('Enter')
    await waitState(page, 'keys.jsonl', 'Uploaded')
    const id = (await bigJob('keys.jsonl')).id
    // Into the grid: the row of the new job takes focus by arrow keys.
    await row(page, 'keys.jsonl').focus()
    await page.keyboard.press('Enter')
    await page.locator('aside.panel').waitFor()
    expect(page.url()).toContain(`#/queue/${id}`)
    await page.keyboard.press('Escape')
    await until(() => page.evaluate((jid) => document.activeElement?.getAttribute('data-job-id') === jid, id), 5000, 'focus back on the row')
    await page.keyboard.press('Control+c')
    const remoteId = (await bigJob('keys.jsonl')).remoteId!
    await page.getByText(`Copied ${remoteId}`).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(remoteId)
  })

  it('29: Russian UI: "Очередь" and "1,2 ГБ"', async () => {
    await sparseFile(data, 'большой.jsonl', Math.round(1.2 * 1024 * MiB))
    await host.call('updateSettings', { autoStart: false })
    await addPaths(page, join(data, 'большой.jsonl'))
    await go(page, 'Settings')
    await page.getByLabel('Language').selectOption('ru')
    await page.getByRole('link', { name: 'Очередь' }).click()
    await row(page, 'большой.jsonl').locator('.cell-size', { hasText: '1,2 ГБ' }).waitFor()
    await page.getByRole('heading', { name: 'Очередь' }).waitFor({ state: 'attached' })
    await assertNoJunk(page)
    await shot(page, 'queue-ru')
    await page.getByRole('link', { name: 'Настройки' }).click()
    await page.locator('#set-lang').selectOption('en')
    await page.getByRole('link', { name: 'Queue' }).waitFor()
    await host.call('updateSettings', { autoStart: true })
  })

  it('theme: follows the OS, and Light or Dark chosen in Settings wins over it', async () => {
    const LIGHT = 'rgb(255, 255, 255)'
    const DARK = 'rgb(22, 25, 29)'
    const background = async (want: string, what: string): Promise<void> => {
      await until(async () => (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) === want, 5000, what)
    }
    await page.emulateMedia({ colorScheme: 'dark' })
    await background(DARK, 'dark from the OS')
    await host.call('updateSettings', { theme: 'light' })
    await background(LIGHT, 'light from Settings under a dark OS')
    await page.emulateMedia({ colorScheme: 'light' })
    await host.call('updateSettings', { theme: 'dark' })
    await background(DARK, 'dark from Settings under a light OS')
    await host.call('updateSettings', { theme: 'system' })
    await background(LIGHT, 'light from the OS again')
  })
})
