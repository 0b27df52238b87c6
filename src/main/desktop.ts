// The desktop touches, fed by the handlers' events: a notification when a batch of uploads ends or one fails (window not
// focused, notifications on), taskbar/dock progress, and keeping the machine awake while uploading.
import type { FerryEvent, JobView } from '../shared/api'
import type { JobState } from '../shared/jobs'

export interface DesktopPorts {
  notify(title: string, body: string): void
  /** 0–1, or -1 to clear; mode for paused/error states (Windows shows them). */
  setProgress(fraction: number, mode: 'normal' | 'paused' | 'error'): void
  keepAwake(on: boolean): void
  windowFocused(): boolean
  notificationsOn(): boolean
}

const ACTIVE: JobState[] = ['uploading', 'finishing', 'retrying', 'waiting-for-network']

export class DesktopTouches {
  private readonly jobs = new Map<string, JobView>()
  private readonly progress = new Map<string, { sent: number; total: number }>()
  private finishedInBatch: JobView[] = []
  private awake = false

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

  private transition(job: JobView, before: JobState | undefined): void {
    if (job.state === 'completed' && before !== undefined) this.finishedInBatch.push(job)
    if (job.state === 'failed' && this.shouldNotify()) this.ports.notify('Upload failed', `${job.file.name}: ${job.error?.message.split('. ')[0] ?? 'it did not finish'}.`)
    if (!this.anyActive() && this.finishedInBatch.length > 0) {
      const done = this.finishedInBatch
      this.finishedInBatch = []
      if (this.shouldNotify()) {
        const first = done[0]!
        const where = `${providerLabel(first.provider)} (${first.accountName})`
        this.ports.notify('Uploads finished', done.length === 1 ? `${first.file.name} is now at ${where}.` : `${done.length} files are now at ${where}.`)
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
    const failed = [...this.jobs.values()].some((j) => j.state === 'failed')
    const paused = active.length === 0 && [...this.jobs.values()].some((j) => j.state === 'paused')
    if (active.length > 0) this.ports.setProgress(total > 0 ? sent / total : 0, failed ? 'error' : 'normal')
    else if (paused) this.ports.setProgress(0, 'paused')
    else this.ports.setProgress(-1, 'normal')
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

function providerLabel(p: JobView['provider']): string {
  return { openai: 'OpenAI', netmind: 'NetMind', yandex: 'Yandex AI Studio', azure: 'Azure OpenAI', compatible: 'your provider', sandbox: 'the sandbox' }[p]
}
