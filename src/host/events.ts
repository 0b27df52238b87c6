// Events on their way to a window or a browser: progress (uploads, downloads) coalesced to a few per second per item, the
// rest at once. A job's own change drops its pending progress, so a late figure never follows "Uploaded".
import type { FerryEvent } from '../shared/api'

type Progressive = Extract<FerryEvent, { type: 'progress' } | { type: 'download' }>

export class EventThrottle {
  private readonly pending = new Map<string, Progressive>()
  private readonly lastSent = new Map<string, number>()
  private timer?: NodeJS.Timeout

  constructor(
    private readonly send: (event: FerryEvent) => void,
    private readonly intervalMs = 250
  ) {}

  push(event: FerryEvent): void {
    if (event.type === 'job') this.pending.delete(`p:${event.job.id}`)
    if (event.type !== 'progress' && event.type !== 'download') return this.send(event)
    const key = event.type === 'progress' ? `p:${event.jobId}` : `d:${event.id}`
    const now = Date.now()
    const done = event.type === 'progress' ? event.sent === event.total : event.received === event.total
    if (done || now - (this.lastSent.get(key) ?? 0) >= this.intervalMs) {
      this.pending.delete(key)
      this.lastSent.set(key, now)
      return this.send(event)
    }
    this.pending.set(key, event)
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }

  private flush(): void {
    this.timer = undefined
    const now = Date.now()
    for (const [key, event] of this.pending) {
      this.lastSent.set(key, now)
      this.send(event)
    }
    this.pending.clear()
  }

  close(): void {
    clearTimeout(this.timer)
    this.pending.clear()
  }
}
