// Whole-file "seen before?" state in fixed-size slots: a 64-bit fingerprint and the first line per entry (12 bytes).

/** Results of the last hash call (two 32-bit halves), kept in module state to avoid an allocation per line. */
export let hashHi = 0
export let hashLo = 0

/** Hashes bytes [s, e) of `buf` four at a time through `words`, an Int32Array view of the same memory. */
export function hashBytes(buf: Uint8Array, words: Int32Array, s: number, e: number): void {
  let h1 = 0x811c9dc5 ^ (e - s)
  let h2 = 0x9747b28c
  let i = s
  const firstWord = (s + 3) >> 2
  const lastWord = e >> 2
  if (firstWord < lastWord) {
    for (; i < firstWord << 2; i++) h1 = Math.imul(h1 ^ (buf[i] as number), 0x01000193)
    for (let w = firstWord; w < lastWord; w++) {
      const x = words[w] as number
      h1 = Math.imul(h1 ^ x, 0x01000193)
      h2 = Math.imul(h2 ^ x, 0x5bd1e995)
      h2 ^= h2 >>> 15
    }
    i = lastWord << 2
  }
  for (; i < e; i++) {
    const b = buf[i] as number
    h1 = Math.imul(h1 ^ b, 0x01000193)
    h2 = Math.imul(h2 ^ b, 0x5bd1e995)
  }
  h1 ^= h1 >>> 16
  h1 = Math.imul(h1, 0x85ebca6b)
  h1 ^= h1 >>> 13
  h2 ^= h2 >>> 16
  h2 = Math.imul(h2, 0xc2b2ae35)
  h2 ^= h2 >>> 13
  hashHi = h1 >>> 0
  hashLo = h2 >>> 0
}

/** Hashes a (short) string, e.g. a custom_id. */
export function hashString(str: string): void {
  let h1 = 0x811c9dc5 ^ str.length
  let h2 = 0x9747b28c
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  h1 ^= h1 >>> 16
  h1 = Math.imul(h1, 0x85ebca6b)
  hashHi = h1 >>> 0
  hashLo = (h2 ^ (h2 >>> 13)) >>> 0
}

/**
 * Open-addressing table from fingerprint to the first line that had it. It grows by doubling up to `maxSlots`;
 * once full it stops adding (lookups still work), so memory stays bounded whatever the line count: at most
 * 12 bytes × maxSlots, plus half that again while it doubles.
 */
export class FingerprintTable {
  private hi: Uint32Array
  private lo: Uint32Array
  private line: Uint32Array
  private size = 0
  full = false

  constructor(
    private readonly maxSlots: number,
    initialSlots = 1 << 14
  ) {
    this.hi = new Uint32Array(initialSlots)
    this.lo = new Uint32Array(initialSlots)
    this.line = new Uint32Array(initialSlots)
  }

  /** Returns the earlier line with the same fingerprint (hashHi/hashLo), or 0 after recording `lineNo`. */
  seen(lineNo: number): number {
    const h = hashHi
    const l = hashLo
    const mask = this.line.length - 1
    let slot = (h ^ Math.imul(l, 0x9e3779b1)) & mask
    for (;;) {
      const at = this.line[slot] as number
      if (at === 0) break
      if (this.hi[slot] === h && this.lo[slot] === l) return at
      slot = (slot + 1) & mask
    }
    if (this.full) return 0
    this.hi[slot] = h
    this.lo[slot] = l
    this.line[slot] = lineNo
    if (++this.size * 10 > this.line.length * 7) this.grow()
    return 0
  }

  private grow(): void {
    const n = this.line.length * 2
    if (n > this.maxSlots) {
      this.full = true
      return
    }
    const { hi, lo, line } = this
    this.hi = new Uint32Array(n)
    this.lo = new Uint32Array(n)
    this.line = new Uint32Array(n)
    const mask = n - 1
    for (let i = 0; i < line.length; i++) {
      const at = line[i] as number
      if (at === 0) continue
      const h = hi[i] as number
      const l = lo[i] as number
      let slot = (h ^ Math.imul(l, 0x9e3779b1)) & mask
      while (this.line[slot] !== 0) slot = (slot + 1) & mask
      this.hi[slot] = h
      this.lo[slot] = l
      this.line[slot] = at
    }
  }
}
