// The desktop touches, fed by the handlers' events: a notification when a batch of uploads ends or one fails (window not
// focused, notifications on), taskbar/dock progress, the tray's summary, and keeping the machine awake while uploading.
// Words come from the shared locale in the language chosen in Settings.
import type { FerryEvent, JobView } from '../shared/api'
import type { JobState } from '../shared/jobs'
import type { Translator } from '../shared/locale'
import { describeError, providerName } from '../shared/messages'
import { can, movesOnItsOwn } from '../shared/lifecycle'

/** What the tray shows: how many uploads run and how far they are together (null when none). */
export interface UploadSummary {
  active: number
  percent: number | null
}

export interface DesktopPorts {
  notify(title: string, body: string): void
  /** 0–1, or -1 to clear; mode for paused/error states (Windows shows them). */
  setProgress(fraction: number, mode: 'normal' | 'paused' | 'error'): void
  /** Called when the summary's words would change, not on every progress event. */
  setSummary(summary: UploadSummary): void
  keepAwake(on: boolean): void
  windowFocused(): boolean
  notificationsOn(): boolean
  text(): Translator
}

const ACTIVE: JobState[] = ['uploading', 'finishing', 'retrying', 'waiting-for-network']
/** What "Pause all" stops: what runs and what would start next. */

export class DesktopTouches {
  private readonly jobs = new Map<string, JobView>()
  private readonly progress = new Map<string, { sent: number; total: number }>()
  private finishedInBatch: JobView[] = []
  private awake = false
  private summary: UploadSummary | undefined

  constructor(private readonly ports: DesktopPorts) {}

  seed(jobs: JobView[]): void {
    for (const j of jobs) this.jobs.set(j.id, j)
    this.refresh()
  }

  handle(event: FerryEvent): void {
    if (event.type === 'job') {
      const before = this.jobs.get(event.job.id)?.state
      this.jobs.set(event.job.id, event.job)
      if (before !== event.job.state) this.transition(event.job, before)
      this.refresh()
    } else if (event.type === 'jobRemoved') {
      this.jobs.delete(event.jobId)
      this.progress.delete(event.jobId)
      this.refresh()
    } else if (event.type === 'progress') {
      this.progress.set(event.jobId, { sent: event.sent, total: event.total })
      this.refresh()
    }
  }

  /** The jobs the tray's "Pause all" pauses. */
  pauseTargets(): string[] {
    return [...this.jobs.values()].filter((j) => can(j.state, 'pause') && movesOnItsOwn(j.state, true)).map((j) => j.id)
  }

  private transition(job: JobView, before: JobState | undefined): void {
    const tr = this.ports.text()
    if (job.state === 'completed' && before !== undefined) this.finishedInBatch.push(job)
    if (job.state === 'failed' && this.shouldNotify()) {
      const why = job.error ? describeError(tr, job.error, { provider: job.provider, account: job.accountName, name: job.file.name }).title : tr.t('err.generic.title')
      this.ports.notify(tr.t('desktop.failed.title'), tr.t('desktop.failed.body', { name: job.file.name, title: why }))
    }
    if (!this.anyActive() && this.finishedInBatch.length > 0) {
      const done = this.finishedInBatch
      this.finishedInBatch = []
      if (this.shouldNotify()) {
        const first = done[0]!
        const where = placeOf(tr, first)
        const body = done.length === 1 ? tr.t('desktop.finished.one', { name: first.file.name, where }) : tr.tp('desktop.finished.many', done.length, { where })
        this.ports.notify(tr.t('desktop.finished.title'), body)
      }
    }
  }

  private anyActive(): boolean {
    return [...this.jobs.values()].some((j) => ACTIVE.includes(j.state) || j.state === 'queued' || j.state === 'ready')
  }

  private refresh(): void {
    const active = [...this.jobs.values()].filter((j) => ACTIVE.includes(j.state))
    let sent = 0
    let total = 0
    for (const j of active) {
      const p = this.progress.get(j.id)
      sent += p?.sent ?? j.bytesSent
      total += p?.total ?? j.file.size
    }
    const fraction = total > 0 ? sent / total : 0
    const failed = [...this.jobs.values()].some((j) => j.state === 'failed')
    const paused = active.length === 0 && [...this.jobs.values()].some((j) => j.state === 'paused')
    if (active.length > 0) this.ports.setProgress(fraction, failed ? 'error' : 'normal')
    else if (paused) this.ports.setProgress(0, 'paused')
    else this.ports.setProgress(-1, 'normal')

    const summary: UploadSummary = { active: active.length, percent: active.length > 0 ? Math.floor(fraction * 100) : null }
    if (summary.active !== this.summary?.active || summary.percent !== this.summary.percent) {
      this.summary = summary
      this.ports.setSummary(summary)
    }
    const uploading = active.length > 0
    if (uploading !== this.awake) {
      this.awake = uploading
      this.ports.keepAwake(uploading)
    }
  }

  private shouldNotify(): boolean {
    return this.ports.notificationsOn() && !this.ports.windowFocused()
  }
}

/** "OpenAI (Work)"; a compatible server or the sandbox is known by the account's name alone. */
function placeOf(tr: Translator, job: JobView): string {
  if (job.provider === 'compatible' || job.provider === 'sandbox') return job.accountName
  return tr.t('desktop.where', { provider: providerName(tr, job.provider), account: job.accountName })
}

/** The tray's menu: the summary line, then Show, Pause all and Quit (UI.md §7). */
export interface TrayMenu {
  tooltip: string
  items: { id: 'summary' | 'show' | 'pauseAll' | 'quit'; label: string; enabled: boolean }[]
}

export function trayMenu(summary: UploadSummary, tr: Translator): TrayMenu {
  const line = summary.percent === null ? tr.t('tray.idle') : tr.tp('tray.uploading', summary.active, { percent: summary.percent })
  return {
    tooltip: summary.percent === null ? tr.t('app.name') : `${tr.t('app.name')}: ${line}`,
    items: [
      { id: 'summary', label: line, enabled: false },
      { id: 'show', label: tr.t('tray.show'), enabled: true },
      { id: 'pauseAll', label: tr.t('tray.pauseAll'), enabled: summary.active > 0 },
      { id: 'quit', label: tr.t('tray.quit'), enabled: true }
    ]
  }
}

/** The question asked before quitting mid-upload (UI.md §7); button 0 keeps uploading. */
export function quitQuestion(running: number, tr: Translator): { message: string; detail: string; buttons: [string, string] } {
  return {
    message: tr.tp('desktop.quit.message', running),
    detail: tr.t('desktop.quit.detail'),
    buttons: [tr.t('desktop.quit.keep'), tr.t('desktop.quit.quit')]
  }
}
