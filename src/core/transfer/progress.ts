// Upload progress a person can read: bytes, a ~5 s moving-average speed and an ETA that is never NaN or infinite.
export interface ProgressSnapshot {
  sent: number
  total: number
  /** Bytes per second over the last few seconds; 0 until known. */
  speed: number
  /** Seconds left, or null while still estimating. */
  etaSeconds: number | null
}

const WINDOW_MS = 5_000

export class ProgressMeter {
  private samples: { t: number; sent: number }[] = []
  private readonly startedAt: number
  constructor(
    readonly total: number,
    private sent = 0,
    private readonly now: () => number = Date.now
  ) {
    this.startedAt = now()
    this.samples.push({ t: this.startedAt, sent })
  }

  update(sent: number): void {
    this.sent = sent
    const t = this.now()
    this.samples.push({ t, sent })
    while (this.samples.length > 2 && t - this.samples[1]!.t > WINDOW_MS) this.samples.shift()
  }

  snapshot(): ProgressSnapshot {
    const first = this.samples[0]!
    const last = this.samples[this.samples.length - 1]!
    const dt = (last.t - first.t) / 1000
    const speed = dt > 0 ? Math.max(0, (last.sent - first.sent) / dt) : 0
    const known = this.now() - this.startedAt >= 2_000 && speed > 0
    return {
      sent: this.sent,
      total: this.total,
      speed: Math.round(speed),
      etaSeconds: known ? Math.round(Math.max(0, this.total - this.sent) / speed) : null
    }
  }
}
