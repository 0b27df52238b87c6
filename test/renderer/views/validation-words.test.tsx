// @vitest-environment happy-dom
// Issue 9 items 13, 14 and 16 in the app: real files checked by the real queue check (validator + the sandbox's file rules),
// the job as the host shows it, the row and the panel rendered. One figure for each count, in word forms that fit it in both
// languages, and hints that lead with what to do.
import { act, cleanup, screen, within } from '@testing-library/react'
import { stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkJob } from '../../../src/core/jobs/checks'
import { verdictEvent } from '../../../src/core/jobs/gate'
import { newJobRecord } from '../../../src/core/jobs/record'
import { limitsAdapter } from '../../../src/core/providers'
import { validateFile } from '../../../src/core/validate'
import { jobView } from '../../../src/host/views'
import { next } from '../../../src/shared/lifecycle'
import type { JobView } from '../../../src/shared/api'
import type { ValidationReport } from '../../../src/shared/validation'
import { account as accountOf, tempDir } from '../../helpers'
import { chatLines } from '../../core/validate/helpers'
import { createFakeBridge, SETTINGS } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

const account = accountOf('sandbox', 'http://127.0.0.1:9/v1', { id: 'acc_sandbox', name: 'Sandbox' })

/** Checks `path` as the queue does (auto purpose, the sandbox's rules) and gives the job as the host shows it, and its report. */
async function checked(path: string): Promise<{ view: JobView; report: ValidationReport }> {
  const st = await stat(path)
  const job = newJobRecord({
    state: 'validating',
    file: { path, name: basename(path), size: st.size, mtimeMs: st.mtimeMs },
    account,
    purpose: 'fine-tune',
    partSize: 8 * 1024 * 1024,
    concurrency: 2
  })
  const result = await checkJob(job, limitsAdapter(account), (p, o) => validateFile(p, o))
  job.check = result.verdict
  job.state = next(job.state, verdictEvent(result.verdict)) ?? job.state
  if (result.error) job.error = result.error
  const view = jobView(job, {}, { find: () => account, providerName: () => 'Sandbox' })
  return { view, report: result.report as ValidationReport }
}

async function show(path: string, language: 'en' | 'ru' = 'en') {
  const { view, report } = await checked(path)
  const bridge = createFakeBridge({ jobs: [view], settings: { ...SETTINGS, language } })
  bridge.reports[view.id] = report
  await renderApp(bridge, `#/queue/${view.id}`)
  const panel = await screen.findByRole('complementary')
  return { view, report, panel, row: screen.getByRole('row', { name: new RegExp(basename(path)) }) }
}

describe('one figure for each count', () => {
  it('a CSV file: the row and the panel both speak of the whole file, not of lines', async () => {
    const dir = await tempDir()
    const csv = join(dir, 'train.csv')
    await writeFile(csv, 'question,answer\nhi,hello\n')
    const { panel, row, report } = await show(csv)
    expect(report.errors.map((f) => f.code).sort()).toEqual(['E_CSV_FILE', 'extension_unsupported'])
    expect(report.errorLines).toBe(0)
    expect(row.textContent).toContain("Sandbox won't accept this file. Fix it, then check it again.")
    expect(panel.textContent).toMatch(/This is a CSV table/)
    expect(row.textContent + (panel.textContent ?? '')).not.toMatch(/lines? ha(s|ve) problems/)
  })

  it('an empty file is never "2 lines have problems"', async () => {
    const dir = await tempDir()
    const empty = join(dir, 'empty.jsonl')
    await writeFile(empty, '')
    const { panel, row } = await show(empty)
    expect(within(panel).getByText('The file is empty. Add one example per line.')).toBeTruthy()
    expect(row.textContent).toContain("Sandbox won't accept this file. Fix it, then check it again.")
    expect(row.textContent).not.toMatch(/lines? ha(s|ve) problems/)
  })

  it('13 examples with one broken: the stats, the token note and the epochs say 13', async () => {
    const dir = await tempDir()
    const lines = chatLines(12)
    lines.splice(5, 0, '{"messages": [oops]}')
    const path = join(dir, 'thirteen.jsonl')
    await writeFile(path, lines.join('\n') + '\n')
    const { panel, report } = await show(path)
    const tokens = report.stats.tokens!
    expect(report.stats.examples).toBe(13)
    expect(within(panel).getByText('Examples', { selector: 'dt' }).nextElementSibling?.textContent).toBe('13')
    expect(within(panel).getByText(`Whole file: About ${tokens.total} tokens in 13 examples.`)).toBeTruthy()
    // Counted, not estimated: said as counted, as `ferry validate` says "(exact)".
    expect(tokens.method).toBe('exact')
    expect(within(panel).getByText('Tokens', { selector: 'dt' }).nextElementSibling?.textContent).toBe(tokens.total.toLocaleString('en-US'))
    expect(within(panel).queryByText('Estimated tokens')).toBeNull()
  })
})

describe('word forms for every count', () => {
  it('English: "1 example", "1 example has no system message"', async () => {
    const dir = await tempDir()
    const path = join(dir, 'one.jsonl')
    await writeFile(path, JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] }) + '\n')
    const { panel } = await show(path)
    expect(within(panel).getByText('Whole file: Only 1 example; at least 10 are required.')).toBeTruthy()
    expect(within(panel).getByText('Whole file: 1 example has no system message.')).toBeTruthy()
    expect(panel.textContent).not.toMatch(/\b1 (examples|tokens)\b/)
  })

  it('Russian: one, few and many forms of "token" in the stats and the histogram', async () => {
    const dir = await tempDir()
    const path = join(dir, 'twelve.jsonl')
    const line = (i: number) =>
      JSON.stringify({ messages: [{ role: 'user', content: `Question ${i} about things` }, { role: 'assistant', content: `Answer ${i} about things` }] })
    await writeFile(path, Array.from({ length: 12 }, (_, i) => line(i)).join('\n') + '\n')
    const { panel, report } = await show(path, 'ru')
    const max = report.stats.tokens!.max
    expect(new Intl.PluralRules('ru').select(max)).toBe('few')
    expect(within(panel).getByText('Самый длинный', { selector: 'dt' }).nextElementSibling?.textContent).toBe(`${max} токена (строка ${report.stats.tokens!.maxLine})`)
    // The hidden table twin of the histogram: each range takes the form of its last number.
    expect(within(panel).getByText('0–31 токен')).toBeTruthy()
    expect(within(panel).getByText('32–63 токена')).toBeTruthy()
    expect(within(panel).getByText('64–127 токенов')).toBeTruthy()
    expect(within(panel).getByText('Предел модели: 65 536 токенов')).toBeTruthy()
  })
})

describe('hints a person can follow', () => {
  it('leads with what to do; the command for developers is a line of its own', async () => {
    const dir = await tempDir()
    const path = join(dir, 'pretty.jsonl')
    await writeFile(path, JSON.stringify(chatLines(3).map((l) => JSON.parse(l) as unknown), null, 2) + '\n')
    const { panel } = await show(path)
    const group = within(panel).getByRole('button', { name: /This is a regular JSON file/ })
    if (group.getAttribute('aria-expanded') !== 'true') await act(async () => group.click())
    const hints = [...panel.querySelectorAll('.group-body .hint')].map((p) => p.textContent ?? '')
    expect(hints[0]).toMatch(/^Export the data again as "JSON Lines" \(\.jsonl\)/)
    expect(hints[0]).not.toMatch(/jq|JSON\.stringify|json\.dumps/)
    expect(hints[1]).toMatch(/^For developers: jq -c /)
  })

  it('in Russian too', async () => {
    const dir = await tempDir()
    const path = join(dir, 'pretty.jsonl')
    await writeFile(path, JSON.stringify(chatLines(3).map((l) => JSON.parse(l) as unknown), null, 2) + '\n')
    const { panel } = await show(path, 'ru')
    const hints = [...panel.querySelectorAll('.group-body .hint')].map((p) => p.textContent ?? '')
    expect(hints[0]).toMatch(/^Выгрузите данные заново в формате «JSON Lines» \(\.jsonl\)/)
    expect(hints[0]).not.toMatch(/jq/)
    expect(hints[1]).toMatch(/^Для разработчиков: jq -c /)
  })
})
