// Desktop touches from the engine's events: one notification per finished batch (only when the window is not in front),
// failures told at once, taskbar progress over all active uploads, the tray's summary and menu, the quit question, and the
// machine kept awake only while uploading; all in the language chosen in Settings.
import { describe, expect, it } from 'vitest'
import { DesktopTouches, quitQuestion, trayMenu, type DesktopPorts, type UploadSummary } from '../../src/main/desktop'
import type { JobView } from '../../src/shared/api'
import { createTranslator, type Language } from '../../src/shared/locale'

function jobView(id: string, state: JobView['state'], size = 100): JobView {
  return { id, state, file: { path: `/d/${id}.jsonl`, name: `${id}.jsonl`, size }, accountId: 'w', accountName: 'Work', provider: 'openai', purpose: 'fine-tune', bytesSent: 0, createdAt: 0 }
}

function touches(focused = false, lang: Language = 'en') {
  const calls = { notes: [] as [string, string][], progress: [] as [number, string][], awake: [] as boolean[], summaries: [] as UploadSummary[] }
  const tr = createTranslator(lang)
  const ports: DesktopPorts = {
    notify: (t, b) => calls.notes.push([t, b]),
    setProgress: (f, m) => calls.progress.push([f, m]),
    setSummary: (s) => calls.summaries.push(s),
    keepAwake: (on) => calls.awake.push(on),
    windowFocused: () => focused,
    notificationsOn: () => true,
    text: () => tr
  }
  return { d: new DesktopTouches(ports), calls }
}

describe('DesktopTouches', () => {
  it('one "Uploads finished" notification when the last of a batch completes, and awake only while uploading', () => {
    const { d, calls } = touches()
    d.seed([jobView('a', 'queued'), jobView('b', 'queued')])
    d.handle({ type: 'job', job: jobView('a', 'uploading') })
    d.handle({ type: 'job', job: jobView('b', 'uploading', 300) })
    d.handle({ type: 'progress', jobId: 'a', sent: 50, total: 100, speed: 1, etaSeconds: 1 })
    d.handle({ type: 'progress', jobId: 'b', sent: 150, total: 300, speed: 1, etaSeconds: 1 })
    expect(calls.progress.at(-1)).toEqual([0.5, 'normal'])
    expect(calls.awake).toEqual([true])
    d.handle({ type: 'job', job: jobView('a', 'completed') })
    expect(calls.notes).toEqual([])
    d.handle({ type: 'job', job: jobView('b', 'completed') })
    expect(calls.notes).toEqual([['Uploads finished', '2 files are now at OpenAI (Work).']])
    expect(calls.awake).toEqual([true, false])
    expect(calls.progress.at(-1)).toEqual([-1, 'normal'])
  })

  it('tells a failure at once, and says nothing while the window is in front', () => {
    const away = touches()
    away.d.seed([jobView('a', 'uploading')])
    away.d.handle({ type: 'job', job: { ...jobView('a', 'failed'), error: { code: 'auth_failed', message: 'Key not accepted. OpenAI refused it.', hint: '' } } })
    expect(away.calls.notes).toEqual([['Upload failed', 'a.jsonl: Key not accepted.']])

    const ru = touches(false, 'ru')
    ru.d.seed([jobView('a', 'uploading'), jobView('b', 'uploading'), jobView('c', 'uploading')])
    ru.d.handle({ type: 'job', job: { ...jobView('a', 'failed'), error: { code: 'quota_exceeded', message: 'Out of quota.', hint: '' } } })
    ru.d.handle({ type: 'job', job: jobView('b', 'completed') })
    ru.d.handle({ type: 'job', job: jobView('c', 'completed') })
    expect(ru.calls.notes).toEqual([
      ['Загрузка не удалась', `a.jsonl: ${createTranslator('ru').t('err.quota.title')}`],
      ['Загрузки завершены', '2 файла теперь в OpenAI (Work).']
    ])

    const front = touches(true)
    front.d.seed([jobView('a', 'uploading')])
    front.d.handle({ type: 'job', job: jobView('a', 'completed') })
    expect(front.calls.notes).toEqual([])
  })

  it('shows a paused taskbar bar when every upload is paused', () => {
    const { d, calls } = touches()
    d.seed([jobView('a', 'uploading')])
    d.handle({ type: 'job', job: jobView('a', 'paused') })
    expect(calls.progress.at(-1)).toEqual([0, 'paused'])
  })

  it('tells the tray only when its words change: how many run and the whole percent', () => {
    const { d, calls } = touches()
    d.seed([jobView('a', 'queued'), jobView('b', 'queued')])
    expect(calls.summaries).toEqual([{ active: 0, percent: null }])
    d.handle({ type: 'job', job: jobView('a', 'uploading') })
    for (const sent of [10, 11, 12, 19]) d.handle({ type: 'progress', jobId: 'a', sent, total: 100, speed: 1, etaSeconds: 1 })
    d.handle({ type: 'progress', jobId: 'a', sent: 20, total: 100, speed: 1, etaSeconds: 1 })
    expect(calls.summaries).toEqual([
      { active: 0, percent: null },
      { active: 1, percent: 0 },
      { active: 1, percent: 10 },
      { active: 1, percent: 11 },
      { active: 1, percent: 12 },
      { active: 1, percent: 19 },
      { active: 1, percent: 20 }
    ])
    d.handle({ type: 'progress', jobId: 'a', sent: 20, total: 100, speed: 2, etaSeconds: 1 })
    expect(calls.summaries).toHaveLength(7)
  })

  it('"Pause all" pauses what runs and what would start next, not what is paused, failed or done', () => {
    const { d } = touches()
    const states: JobView['state'][] = ['uploading', 'retrying', 'waiting-for-network', 'queued', 'ready', 'paused', 'failed', 'completed', 'needs-fixing', 'finishing']
    d.seed(states.map((s, i) => jobView(`${i}-${s}`, s)))
    expect(d.pauseTargets()).toEqual(['0-uploading', '1-retrying', '2-waiting-for-network', '3-queued', '4-ready'])
  })
})

describe('tray menu and quit question', () => {
  it('shows what runs, then Show, Pause all (only while something runs) and Quit, in English and Russian', () => {
    const en = trayMenu({ active: 3, percent: 42 }, createTranslator('en'))
    expect(en.items.map((i) => [i.id, i.label, i.enabled])).toEqual([
      ['summary', 'Uploading 3 files: 42%', false],
      ['show', 'Show Ferry', true],
      ['pauseAll', 'Pause all', true],
      ['quit', 'Quit Ferry', true]
    ])
    expect(en.tooltip).toBe('Ferry: Uploading 3 files: 42%')
    const idle = trayMenu({ active: 0, percent: null }, createTranslator('en'))
    expect(idle.items[0]!.label).toBe('No uploads running')
    expect(idle.items.find((i) => i.id === 'pauseAll')!.enabled).toBe(false)
    expect(idle.tooltip).toBe('Ferry')
    const ru = trayMenu({ active: 5, percent: 7 }, createTranslator('ru'))
    expect(ru.items.map((i) => i.label)).toEqual(['Загружаются 5 файлов: 7%', 'Показать Ferry', 'Приостановить все', 'Выйти из Ferry'])
  })

  it('asks before quitting mid-upload in the words of UI.md §7, with the right plural', () => {
    expect(quitQuestion(3, createTranslator('en'))).toEqual({
      message: 'Quit while 3 uploads are running?',
      detail: 'They continue where they left off next time.',
      buttons: ['Keep uploading', 'Quit']
    })
    expect(quitQuestion(1, createTranslator('en')).message).toBe('Quit while 1 upload is running?')
    expect(quitQuestion(2, createTranslator('ru')).message).toBe('Выйти, пока идут 2 загрузки?')
    expect(quitQuestion(21, createTranslator('ru')).message).toBe('Выйти, пока идёт 21 загрузка?')
  })
})
