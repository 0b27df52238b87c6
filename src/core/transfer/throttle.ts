// An optional bandwidth limit shared by every body of a process: a token bucket that delays chunks, never buffers a file.
import { Transform, type Readable } from 'node:stream'

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

export function throttled(source: Readable, throttle: Throttle): Readable {
  const slice = Math.max(16 * 1024, Math.min(1 << 20, Math.floor(throttle.bytesPerSecond / 10)))
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const pieces: Buffer[] = []
      for (let i = 0; i < chunk.length; i += slice) pieces.push(chunk.subarray(i, i + slice))
      const next = (): void => {
        const piece = pieces.shift()
        if (!piece) return done()
        const wait = throttle.take(piece.length)
        setTimeout(() => {
          this.push(piece)
          next()
        }, wait)
      }
      next()
    }
  })
  source.on('error', (e) => t.destroy(e))
  t.on('close', () => source.destroy())
  return source.pipe(t)
}
