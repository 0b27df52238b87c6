/// <reference lib="dom" />
// End to end in real Chromium: the Files view against the built-in sandbox (newest first, relative times, expiry, filter
// and search, delete with confirmation, download with its checksum, a full disk) and 10,000 files in a sandbox of its own,
// loaded a hundred at a time as the list is scrolled.
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startSandbox, type Sandbox } from '../../src/core/sandbox'
import type { RemoteFileView } from '../../src/shared/api'
import { sha256 } from '../helpers'
import { addPaths, batchLine, chatFile, e2eReady, failure, go, Host, launch, newPage, removeTempDirs, shot, tempDir, until, waitState } from './harness'

const MANY = 10_000
const MANY_KEY = 'sk-e2e-many-files-0123456789'

describe.runIf(e2eReady())('e2e: files (built-in sandbox; 10,000 files in a sandbox of their own)', () => {
  let browser: Browser
  let page: Page
  let host: Host
  let data: string
  let many: Sandbox | undefined
  let manyDir: string
  let manyFiles: Promise<void>

  beforeAll(async () => {
    browser = await launch()
    host = new Host(await tempDir('ferry-e2e-home-'))
    data = await tempDir('ferry-e2e-data-')
    await host.start()
    await host.call('setActiveAccount', { id: 'sandbox' })
    ;({ page } = await newPage(browser))
    await page.goto(host.url)
    // 10,000 files for check 17, made through the sandbox's own API while the other checks run.
    manyDir = await tempDir('ferry-e2e-many-')
    many = await startSandbox({ dir: manyDir })
    const url = many.url
    let next = 0
    const post = async (): Promise<void> => {
      while (next < MANY) {
        const i = next++
        const form = new FormData()
        form.set('purpose', 'user_data')
        form.set('file', new Blob([`{"n":${i}}\n`]), `part-${String(i).padStart(5, '0')}.jsonl`)
        const res = await fetch(`${url}/files`, { method: 'POST', headers: { authorization: `Bearer ${MANY_KEY}` }, body: form })
        if (!res.ok) throw new Error(`sandbox: ${res.status} ${await res.text()}`)
      }
    }
    manyFiles = Promise.all(Array.from({ length: 24 }, post)).then(() => undefined)
    manyFiles.catch(() => undefined)
  })
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await failure(page, ctx.task.name, host)
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop('SIGKILL')
    await many?.close()
    await removeTempDirs()
  })

  const fileRow = (name: string) => page.locator('.file-row').filter({ has: page.locator('.cell-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) })
  const listed = async (): Promise<string[]> => page.locator('.file-row .cell-name').allInnerTexts()

  it('16: newest first, "just now", "never"; a batch file under a 3-day expiry says "in 3 days"', async () => {
    await go(page, 'Settings')
    await page.getByLabel('Batch').selectOption({ label: '3 days' })
    await until(async () => (await host.call<{ settings: { expiry: { batch: number | null } } }>('snapshot')).settings.expiry.batch === 3 * 86400, 5000, 'the expiry saved')
    await go(page, 'Queue')
    const batch = join(data, 'requests.jsonl')
    await writeFile(batch, Array.from({ length: 5 }, (_, i) => batchLine(i + 1)).join('\n') + '\n')
    for (const path of [await chatFile(data, 'train.jsonl', 12), batch, await chatFile(data, 'eval-set.jsonl', 14), await chatFile(data, 'newest.jsonl', 16)]) {
      // Providers date files to the second: the newest is made in a second of its own.
      if (path.endsWith('newest.jsonl')) await new Promise((r) => setTimeout(r, 1100))
      await addPaths(page, path)
      await waitState(page, path.split('/').pop()!, 'Uploaded')
    }
    await go(page, 'Files')
    await page.getByText('4 files', { exact: true }).waitFor()
    expect((await listed())[0]).toBe('newest.jsonl')
    const cells = async (name: string): Promise<string[]> => fileRow(name).getByRole('gridcell').allInnerTexts()
    expect(await cells('newest.jsonl')).toContain('just now')
    expect(await cells('train.jsonl')).toContain('never')
    expect(await cells('requests.jsonl')).toContain('in 3 days')
    await shot(page, 'files')
  })

  it('18: filter by purpose, search by name and by ID prefix narrow the list; "No files match"', async () => {
    const files = await host.call<RemoteFileView[]>('listFiles', {})
    await page.getByLabel('Purpose').selectOption({ label: 'Batch' })
    await until(async () => (await listed()).join() === 'requests.jsonl', 5000, 'the purpose filter')
    await page.getByLabel('Purpose').selectOption({ label: 'All' })
    await page.getByLabel('Search').fill('train')
    await until(async () => (await listed()).join() === 'train.jsonl', 5000, 'the name search')
    const id = files.find((f) => f.filename === 'eval-set.jsonl')!.id
    await page.getByLabel('Search').fill(id.slice(0, 12))
    await until(async () => (await listed()).join() === 'eval-set.jsonl', 5000, 'the ID search')
    await page.getByLabel('Search').fill('zzz-nothing')
    await page.getByText('No files match "zzz-nothing".').waitFor()
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await until(async () => (await listed()).length === 4, 5000, 'all files back')
  })

  it('20: Download… saves the file ("Saved to"), byte for byte', async () => {
    const dest = join(data, 'downloaded-train.jsonl')
    await fileRow('train.jsonl').getByRole('button', { name: 'Download…' }).click()
    await page.getByLabel('Save to (full path)').fill(dest)
    await page.getByRole('dialog').getByRole('button', { name: 'Download', exact: true }).click()
    await page.getByText(`Saved to ${dest}`).waitFor()
    expect(await sha256(dest)).toBe(await sha256(join(data, 'train.jsonl')))
  })

  it('19: Delete 3: "Delete 3 files from Sandbox…?", "Keep files" focused; gone after Refresh', async () => {
    for (const n of ['train.jsonl', 'eval-set.jsonl', 'newest.jsonl']) await fileRow(n).getByRole('checkbox').check()
    await page.getByRole('button', { name: 'Delete…' }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain('Delete 3 files from Sandbox')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keep files')
    await dialog.getByRole('button', { name: 'Delete 3 files' }).click()
    // Refresh after the deletes have answered, or the list may be read before them.
    await page.getByText('3 files deleted').waitFor()
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByText('1 file', { exact: true }).waitFor()
    expect(await listed()).toEqual(['requests.jsonl'])
  })

  it('20: a full disk: "Not enough space.", and no partial file is left', async () => {
    await host.stop('SIGTERM')
    await page.goto(await host.start({ FERRY_FAULT_DISK_FULL_AFTER_BYTES: '200' }))
    await go(page, 'Files')
    const dir = await tempDir('ferry-e2e-dl-')
    const dest = join(dir, 'requests-copy.jsonl')
    await fileRow('requests.jsonl').getByRole('button', { name: 'Download…' }).click()
    await page.getByLabel('Save to (full path)').fill(dest)
    await page.getByRole('dialog').getByRole('button', { name: 'Download', exact: true }).click()
    await page.getByText('Not enough space.').waitFor()
    expect(await readdir(dir)).toEqual([])
    await host.stop('SIGTERM')
    await page.goto(await host.start({}))
  })

  it('17: 10,000 files: "100+ files" until every page is in, then "10,000 files"; at most 200 rows in the page', async () => {
    await manyFiles
    const account = await host.call<{ id: string }>('addAccount', { name: 'Archive', provider: 'compatible', baseUrl: many!.url, key: MANY_KEY })
    await host.call('setActiveAccount', { id: account.id })
    await go(page, 'Files')
    const count = page.locator('.files-count')
    await page.getByText('100+ files', { exact: true }).waitFor({ timeout: 30_000 })
    expect(await page.locator('.file-row').count()).toBeLessThanOrEqual(200)
    // Scrolling to the end asks for the next hundred, until the sandbox says there are no more.
    const seen = new Set<string>()
    await until(
      async () => {
        await page.locator('.files-view .grid-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight))
        const text = await count.innerText()
        seen.add(text)
        expect(await page.locator('.file-row').count()).toBeLessThanOrEqual(200)
        return text === '10,000 files'
      },
      90_000,
      'every page loaded by scrolling'
    )
    // "+" while pages remained, in steps of the UI's hundred.
    const partial = [...seen].filter((t) => t !== '10,000 files')
    expect(partial.length).toBeGreaterThan(1)
    for (const t of partial) expect(t).toMatch(/^[\d,]+00\+ files$/)
    expect(await page.getByRole('grid', { name: 'Remote files' }).getAttribute('aria-rowcount')).toBe('10000')
    // Scrolled to the end, still a window of rows.
    await page.locator('.files-view .grid-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight))
    await page.locator('.file-row[aria-rowindex="10000"]').waitFor()
    expect(await page.locator('.file-row').count()).toBeLessThanOrEqual(200)
  }, 120_000)
})
