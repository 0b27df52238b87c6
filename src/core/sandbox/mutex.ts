// A per-key async mutex: serialises the state changes of one Upload (parts landing, complete, cancel).

export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>()

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    // The tail never rejects, so one failed task does not poison the queue behind it.
    const tail = result.then(
      () => undefined,
      () => undefined
    )
    this.tails.set(key, tail)
    try {
      return await result
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }
}
