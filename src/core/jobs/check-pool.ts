// Content checks waiting and running, a few at a time, each abortable (the file was removed, or is checked again).

export class CheckPool {
  /** In the order they were wanted; a Set, as thousands of files may wait and each pump asks about every one. */
  private readonly waiting = new Set<string>()
  private readonly running = new Map<string, AbortController>()

  constructor(
    private readonly limit: number,
    private readonly run: (id: string, signal: AbortSignal) => Promise<void>,
    private readonly settled: () => void
  ) {}

  has(id: string): boolean {
    return this.running.has(id) || this.waiting.has(id)
  }

  get size(): number {
    return this.running.size + this.waiting.size
  }

  want(id: string): void {
    if (this.has(id)) return
    this.waiting.add(id)
    this.drain()
  }

  abort(id: string): void {
    this.waiting.delete(id)
    this.running.get(id)?.abort()
    this.running.delete(id)
  }

  abortAll(): void {
    this.waiting.clear()
    for (const ctl of this.running.values()) ctl.abort()
    this.running.clear()
  }

  private drain(): void {
    for (const id of this.waiting) {
      if (this.running.size >= this.limit) return
      this.waiting.delete(id)
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
