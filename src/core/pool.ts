// Bounded concurrency over a list or a lazily made sequence (parts are cut as lanes free up, so their size can follow the link).

/** Runs `work` over `items`, at most `limit` at once; the first failure stops new work and is thrown once the rest settle. */
export async function runPool<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const it = items[Symbol.iterator]()
  let failure: { err: unknown } | undefined
  const lane = async (): Promise<void> => {
    while (!failure && !signal?.aborted) {
      const step = it.next()
      if (step.done) return
      try {
        await work(step.value)
      } catch (err) {
        failure ??= { err }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane))
  if (failure) throw failure.err
  if (signal?.aborted) throw signal.reason
}
