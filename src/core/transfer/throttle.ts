// An optional bandwidth limit shared by every body of a process: a token bucket that delays chunks, never buffers a file.

export class Throttle {
  private available: number
  private last = Date.now()
  constructor(public bytesPerSecond: number) {
    this.available = bytesPerSecond / 4
  }
  /** A new limit, for the bodies already sending too (Infinity: no limit). */
  setRate(bytesPerSecond: number): void {
    this.bytesPerSecond = bytesPerSecond
    this.available = Math.min(this.available, bytesPerSecond / 4)
  }
  /** Ms to wait before `bytes` may go; the bytes are counted as sent. */
  take(bytes: number): number {
    if (this.bytesPerSecond === Infinity) return 0
    const now = Date.now()
    this.available = Math.min(this.bytesPerSecond, this.available + ((now - this.last) / 1000) * this.bytesPerSecond)
    this.last = now
    this.available -= bytes
    return this.available >= 0 ? 0 : Math.ceil((-this.available / this.bytesPerSecond) * 1000)
  }
}
