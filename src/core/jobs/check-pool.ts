// Content checks waiting and running, a few at a time, each abortable (the file was removed, or is checked again).

export class CheckPool {
  private readonly waiting: string[] = []
  private readonly running = new Map<string, AbortController>()

  constructor(
    private readonly limit: number,
    private readonly run: (id: string, signal: AbortSignal) => Promise<void>,
    private readonly settled: () => void
  ) {}

  has(id: string): boolean {
    return this.running.has(id) || this.waiting.includes(id)
  }

  get size(): number {
    return this.running.size + this.waiting.length
  }

  want(id: string): void {
    if (!this.has(id)) this.waiting.push(id)
    this.drain()
  }

  abort(id: string): void {
    const i = this.waiting.indexOf(id)
    if (i >= 0) this.waiting.splice(i, 1)
    this.running.get(id)?.abort()
    this.running.delete(id)
  }

  abortAll(): void {
    this.waiting.length = 0
    for (const ctl of this.running.values()) ctl.abort()
    this.running.clear()
  }

  private drain(): void {
    while (this.running.size < this.limit && this.waiting.length > 0) {
      const id = this.waiting.shift()!
      const ctl = new AbortController()
      this.running.set(id, ctl)
      void this.run(id, ctl.signal)
        .catch(() => undefined)
        .finally(() => {
          if (this.running.get(id) === ctl) this.running.delete(id)
          this.drain()
          this.settled()
        })
    }
  }
}
