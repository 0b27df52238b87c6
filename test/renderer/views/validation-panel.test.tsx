// @vitest-environment happy-dom
import { act, cleanup, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Finding } from '../../../src/shared/validation'
import { createFakeBridge, job, report, SETTINGS } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

const noReply = (line: number, snippet?: Finding['params']): Finding => ({
  line,
  code: 'E_NO_ASSISTANT_MESSAGE',
  message: 'No assistant reply to learn from. Add the answer you want the model to give.',
  hint: 'End the example with {"role": "assistant", "content": "…"}.',
  params: snippet ?? {}
})

function manyErrors(n: number) {
  const lines = [3, 8, ...Array.from({ length: n - 2 }, (_, i) => 20 + i)]
  return report({
    valid: false,
    errors: lines.map((l) => noReply(l)),
    counts: [{ code: 'E_NO_ASSISTANT_MESSAGE', severity: 'error', total: n, listed: n }]
  })
}

describe('validation panel', () => {
  it('groups 43 problem lines as "Line 3, 8 and 41 more" and "Show all" lists all 43', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 43, warnings: 0 } })] })
    bridge.reports.a = manyErrors(43)
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    expect(await within(panel).findByText('Line 3, 8 and 41 more: No assistant reply to learn from. Add the answer you want the model to give.')).toBeTruthy()
    expect(within(panel).getByText("Not ready: 43 lines have problems Sandbox won't accept.")).toBeTruthy()
    expect(within(panel).getByText('Fix the file, save it, then press Check again.')).toBeTruthy()
    expect(within(panel).queryByRole('button', { name: 'Upload anyway' })).toBeNull()
    await act(async () => within(panel).getByRole('button', { name: 'Show all' }).click())
    expect(within(within(panel).getByRole('list', { name: 'Problem lines' })).getAllByRole('listitem')).toHaveLength(43)
  })

  it('shows data as text: <b> stays literal and the problem sits in <mark>', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 1, warnings: 0 } })] })
    const f = noReply(3)
    ;(f as Finding & { snippet: unknown }).snippet = { text: '{"messages":[{"role":"user","content":"<b>Hi</b>"}]}', start: 39, end: 48 }
    bridge.reports.a = report({ valid: false, errors: [f], counts: [{ code: f.code, severity: 'error', total: 1, listed: 1 }] })
    await renderApp(bridge, '#/queue/a')
    const mark = await screen.findByText('<b>Hi</b>', { selector: 'mark' })
    expect(mark.tagName).toBe('MARK')
    expect(document.querySelector('.panel b')).toBeNull()
  })

  it('shows the validator\'s snippet: a BOM as [BOM] in <mark>, the rest as text', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'has-warnings', check: { valid: true, errors: 0, warnings: 1 } })] })
    const bom: Finding = {
      line: 1,
      code: 'W_UTF8_BOM',
      message: 'The file starts with an invisible byte-order mark.',
      hint: 'Save as UTF-8.',
      params: {},
      snippet: { text: '\uFEFF{"messages":[{"role":"user","content":"<i>x</i>"}]}', start: 0, end: 1 }
    }
    bridge.reports.a = report({ warnings: [bom], counts: [{ code: bom.code, severity: 'warning', total: 1, listed: 1 }] })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    await act(async () => within(panel).getByRole('button', { name: /Line 1: The file starts/ }).click())
    const mark = within(panel).getByText('[BOM]', { selector: 'mark' })
    expect(mark.parentElement?.textContent).toBe('[BOM]{"messages":[{"role":"user","content":"<i>x</i>"}]}')
    expect(document.querySelector('.panel i')).toBeNull()
  })

  it('shows a line\'s start without a mark when the problem has no position, and "…" where the line goes on', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 1, warnings: 0 } })] })
    const f: Finding = { ...noReply(3), snippet: { text: '{"messages":[{"role":"user","content":"Hi"}]}', start: 0, end: 0, cutEnd: true } }
    bridge.reports.a = report({ valid: false, errors: [f], counts: [{ code: f.code, severity: 'error', total: 1, listed: 1 }] })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    const code = await within(panel).findByText('{"messages":[{"role":"user","content":"Hi"}]}…', { selector: 'code' })
    expect(code.querySelector('mark')).toBeNull()
  })

  it('speaks the UI language: findings rendered in Russian from code and params', async () => {
    const bridge = createFakeBridge({
      settings: { ...SETTINGS, language: 'ru' },
      jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 2, warnings: 0 } })]
    })
    const parse: Finding = {
      line: 7,
      code: 'E_JSON_PARSE',
      message: 'This line is not valid JSON: trailing comma before "]" (column 45).',
      hint: 'Look at the column shown.',
      params: { detail: 'trailing comma before "]"', c: 45, detailKey: 'trailing_comma_array' },
      snippet: { text: '{"messages":[{"role":"user","content":"Hi"},]}', start: 44, end: 45 }
    }
    const few: Finding = { line: null, code: 'E_TOO_FEW_EXAMPLES', message: 'Only 3 examples; at least 10 are required.', hint: 'Add more.', params: { n: 3, min: 10 } }
    bridge.reports.a = report({
      valid: false,
      errors: [parse, few],
      counts: [
        { code: parse.code, severity: 'error', total: 1, listed: 1 },
        { code: few.code, severity: 'error', total: 1, listed: 1 }
      ]
    })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    expect(await within(panel).findByText('Строка 7: Строка не является правильным JSON: лишняя запятая перед "]" (позиция 45).')).toBeTruthy()
    expect(within(panel).getByText(/^Посмотрите на указанную позицию/)).toBeTruthy()
    expect(within(panel).getByText(']', { selector: 'mark' })).toBeTruthy()
    expect(within(panel).getByText('Весь файл: Всего 3 примера, а нужно не меньше 10.')).toBeTruthy()
  })

  it('offers "Upload anyway" and "Check again" when there are only warnings', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'has-warnings', check: { valid: true, errors: 0, warnings: 1 } })] })
    const blank: Finding = { line: 4, code: 'W_BLANK_LINE', message: 'Empty line — remove it.', hint: 'Delete the empty line.', params: {} }
    bridge.reports.a = report({ warnings: [blank], counts: [{ code: blank.code, severity: 'warning', total: 1, listed: 1 }] })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    expect(await within(panel).findByText('Can be uploaded, but check 1 warning first.')).toBeTruthy()
    expect(within(panel).getByRole('button', { name: 'Check again' })).toBeTruthy()
    await act(async () => within(panel).getByRole('button', { name: 'Upload anyway' }).click())
    expect(bridge.calls.some((c) => c.verb === 'startJobs')).toBe(true)
  })

  it('"Change to Batch" sets the detected purpose', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 1, warnings: 0, detectedPurpose: 'batch' } })] })
    const wrong: Finding = {
      line: null,
      code: 'E_WRONG_PURPOSE',
      message: 'This looks like batch data (it has custom_id, method, url), but you chose "fine-tune".',
      hint: 'Choose the purpose that matches the data.',
      params: { detected: 'batch', keys: 'custom_id, method, url', purpose: 'fine-tune' }
    }
    bridge.reports.a = report({ valid: false, fatal: true, errors: [wrong], counts: [{ code: wrong.code, severity: 'error', total: 1, listed: 1 }] })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    expect(await within(panel).findByText(/Whole file: This looks like batch data/)).toBeTruthy()
    await act(async () => within(panel).getByRole('button', { name: 'Change to Batch' }).click())
    expect(bridge.calls.find((c) => c.verb === 'setPurpose')?.input).toEqual({ jobId: 'a', purpose: 'batch' })
  })

  it('draws the length histogram with a hidden table twin', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'ready' })] })
    bridge.reports.a = report({
      stats: {
        bytes: 1,
        lines: 3,
        blankLines: 0,
        examples: 1204,
        messages: 3,
        tokens: {
          // 3 of 1,204 counted: an estimate, said as "about" (an exact count is shown as counted).
          method: 'sampled',
          encoding: 'o200k_base',
          exactExamples: 3,
          total: 2_300_000,
          min: 5,
          max: 900,
          mean: 50,
          maxLine: 7,
          histogram: [
            { min: 0, max: 64, count: 3 },
            { min: 64, max: null, count: 1 }
          ],
          limit: 65536
        },
        billableTrainingTokens: null,
        durationMs: 1
      }
    })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    expect(await within(panel).findByText('Ready: Sandbox will accept this file.')).toBeTruthy()
    expect(within(panel).getByText('about 2.3 million')).toBeTruthy()
    expect(within(panel).getByText('1,204')).toBeTruthy()
    expect(within(panel).getByRole('table')).toBeTruthy()
    expect(within(panel).getByText('0–63 tokens')).toBeTruthy()
  })
})

describe('validation panel verdicts', () => {
  it('tells a file-level error in its own words ("the limit is")', async () => {
    const bridge = createFakeBridge({ jobs: [job({ id: 'a', state: 'needs-fixing', check: { valid: false, errors: 1, warnings: 0 } })] })
    const big: Finding = {
      line: null,
      code: 'E_FILE_TOO_LARGE',
      message: 'The file is 9.0 GB; the limit is 8 GB. Split it into smaller files.',
      hint: 'Split the file into parts below the limit and upload them one by one.',
      params: { size: '9.0 GB', limit: '8 GB' }
    }
    bridge.reports.a = report({ valid: false, errors: [big], counts: [{ code: big.code, severity: 'error', total: 1, listed: 1 }] })
    await renderApp(bridge, '#/queue/a')
    const panel = await screen.findByRole('complementary')
    expect(await within(panel).findByText('The file is 9.0 GB; the limit is 8 GB. Split it into smaller files.', { selector: '.verdict span' })).toBeTruthy()
    expect(within(panel).getByText(/^Whole file: The file is 9.0 GB/)).toBeTruthy()
  })
})
