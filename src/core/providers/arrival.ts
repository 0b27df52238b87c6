// Lists are eventually consistent: a file stored a moment ago may be missing from the next listing. Before Ferry sends a file
// again because a reply was lost, it looks a few times, waiting longer each time, so a lagging list never costs a duplicate.
import { FerryError } from '../errors'
import { sleep } from '../http/with-retry'

/** After a reply that never came: about 7 s of looking in all. */
export const LOOK_AFTER_LOST_REPLY_MS = [0, 1000, 2000, 4000]
/** When the provider has said the file exists ("already completed"): look longer before giving up. */
export const LOOK_FOR_KNOWN_FILE_MS = [0, 1000, 2000, 4000, 8000, 15000]

/** The first thing `look` finds, looking once per wait (ms before each look); undefined when every look came back empty. */
export async function lookAgain<T>(look: () => Promise<T | undefined>, waitsMs: readonly number[], signal?: AbortSignal): Promise<T | undefined> {
  for (const wait of waitsMs) {
    if (wait > 0) await sleep(wait, signal)
    const found = await look()
    if (found) return found
  }
  return undefined
}

/** Whether a failed send may still have stored the file: its body all went and no answer came (an HTTP status is an answer). */
export function mayHaveArrived(err: unknown, bodyAllSent: boolean): boolean {
  return bodyAllSent && !(err instanceof FerryError && err.status !== undefined)
}
