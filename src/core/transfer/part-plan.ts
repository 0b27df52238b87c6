// Which bytes of a file still have to go as parts, and how big the next part is. Parts are cut as lanes free up, sized so one
// takes a few seconds at the measured speed: a pause then finishes them (drain.ts) and resuming sends almost nothing again.
import { MiB } from '../units'

/** A part's target duration at the speed measured so far. */
const TARGET_SECONDS = 4
/** Before any measurement (and the smallest part): 5 MiB, so three lanes hold at most 15 MiB in flight. */
export const FIRST_PART = 5 * MiB

export interface PlannedPart {
  index: number
  offset: number
  length: number
}

/** Size of the next part: about TARGET_SECONDS of one lane's share of `bytesPerSecond`, within [FIRST_PART, maxPart]. */
export function nextPartSize(maxPart: number, bytesPerSecond: number, lanes: number): number {
  const floor = Math.min(maxPart, FIRST_PART)
  if (!(bytesPerSecond > 0)) return floor
  const wanted = Math.floor((bytesPerSecond / Math.max(1, lanes)) * TARGET_SECONDS / MiB) * MiB
  return Math.max(floor, Math.min(maxPart, wanted))
}

/** The ranges of [0, size) no accepted part covers, cut into parts on demand; `done` are the parts the provider has. */
export class PartPlan {
  private readonly gaps: { start: number; end: number }[] = []
  private nextIndex: number

  constructor(size: number, done: readonly PlannedPart[]) {
    const sorted = [...done].sort((a, b) => a.offset - b.offset)
    let at = 0
    for (const p of sorted) {
      if (p.offset > at) this.gaps.push({ start: at, end: p.offset })
      at = Math.max(at, p.offset + p.length)
    }
    if (at < size) this.gaps.push({ start: at, end: size })
    this.nextIndex = sorted.reduce((n, p) => Math.max(n, p.index + 1), 0)
  }

  /** The next part, at most `length` bytes, or undefined when every byte is planned. */
  take(length: number): PlannedPart | undefined {
    const gap = this.gaps[0]
    if (!gap) return undefined
    const part = { index: this.nextIndex++, offset: gap.start, length: Math.min(length, gap.end - gap.start) }
    gap.start += part.length
    if (gap.start >= gap.end) this.gaps.shift()
    return part
  }

  /** Parts that tile [0, size) in file order (a part logged twice counts once), or undefined when bytes are missing. */
  static ordered<T extends PlannedPart>(size: number, parts: readonly T[]): T[] | undefined {
    const out: T[] = []
    let at = 0
    for (const p of [...parts].sort((a, b) => a.offset - b.offset)) {
      if (p.offset + p.length <= at) continue
      if (p.offset !== at) return undefined
      out.push(p)
      at += p.length
    }
    return at === size ? out : undefined
  }
}

/** The largest part by default and at most: OpenAI's limit per part (providers.md). */
export const MAX_PART_SIZE = 64 * MiB
export const DEFAULT_PART_SIZE = MAX_PART_SIZE
