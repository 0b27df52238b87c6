// Whole-file "seen before?" state in fixed-size slots: a 64-bit fingerprint and the first line per entry (12 bytes).

/** Results of the last hash call (two 32-bit halves), kept in module state to avoid an allocation per line. */
export let hashHi = 0
export let hashLo = 0

// The value being hashed, as two 32-bit lanes (module state: no allocation per value).
let lane1 = 0
let lane2 = 0
const number = new Float64Array(1)
const numberWords = new Int32Array(number.buffer)

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** Texts this long and longer are encoded natively into `scratch` and hashed 8 bytes a step; shorter ones char by char. */
const NATIVE_FROM = 32
const scratch = new Uint8Array(256 * 1024)
const scratchWords = new Int32Array(scratch.buffer)
const encoder = new TextEncoder()

/** Mixes the first `n` bytes of `scratch` into lane1/lane2; both lanes take every word, so any changed byte changes both. */
function absorbScratch(n: number): void {
  let h1 = lane1
  let h2 = lane2
  const pairs = (n >> 3) << 1
  let w = 0
  for (; w < pairs; w += 2) {
    const x = scratchWords[w] as number
    const y = scratchWords[w + 1] as number
    h1 = (Math.imul(((h1 << 15) | (h1 >>> 17)) ^ x, 0x01000193) + Math.imul(y, 0x9e3779b1)) | 0
    h2 = (Math.imul(h2 ^ y, 0x5bd1e995) + Math.imul(x, 0x85ebca77)) | 0
    h2 ^= h2 >>> 15
  }
  for (let i = w << 2; i < n; i++) {
    const b = scratch[i] as number
    h1 = Math.imul(h1 ^ b, 0x01000193)
    h2 = Math.imul(h2 ^ b, 0x5bd1e995)
  }
  lane1 = h1
  lane2 = h2
}

/**
 * Hashes a text as JSON.parse gave it, so escapes and raw characters hash alike. (Long texts go through UTF-8, where
 * a lone surrogate reads as U+FFFD: two lines that differ only in which broken character they hold look the same.)
 */
function hashText(str: string, seed: number): void {
  const len = str.length
  lane1 = seed ^ len
  lane2 = Math.imul(seed, 0x9e3779b1) + len
  if (len >= NATIVE_FROM) {
    // A text longer than the scratch goes in pieces; equal texts are cut at the same places.
    for (let rest = str; ; ) {
      const { read, written } = encoder.encodeInto(rest, scratch)
      absorbScratch(written as number)
      if ((read as number) >= rest.length) return
      rest = rest.slice(read)
    }
  }
  let h1 = lane1
  let h2 = lane2
  for (let i = 0; i < len; i++) {
    const c = str.charCodeAt(i)
    h1 = Math.imul(((h1 << 15) | (h1 >>> 17)) ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  lane1 = h1
  lane2 = h2
}

/** Hashes one parsed JSON value into lane1/lane2. Depth is bounded by the caller (json-scan's MAX_DEPTH). */
function hashNode(v: unknown): void {
  if (typeof v === 'string') return hashText(v, 0x5f3759df)
  if (typeof v === 'number') {
    // One number, one hash: 1.0 and 1 and 1e0 parse to the same value; -0 is 0 (canonical JSON writes both as 0).
    if ((v | 0) === v) {
      lane1 = fmix(v ^ 0x2545f491)
      lane2 = fmix(Math.imul(v, 0x27d4eb2d) ^ 0x68e31da4)
    } else {
      number[0] = v
      lane1 = fmix((numberWords[0] as number) ^ 0x1b873593)
      lane2 = fmix((numberWords[1] as number) ^ 0xcc9e2d51)
    }
    return
  }
  if (v === null || typeof v !== 'object') {
    const k = v === null ? 0x3c6ef372 : v === true ? 0x1f83d9ab : 0x5be0cd19
    lane1 = k
    lane2 = ~k
    return
  }
  if (Array.isArray(v)) {
    // In order: [1, 2] is not [2, 1].
    let h1 = 0x6a09e667 ^ v.length
    let h2 = 0xbb67ae85 ^ v.length
    for (let i = 0; i < v.length; i++) {
      hashNode(v[i])
      h1 = Math.imul(h1 ^ fmix(lane1), 0x01000193)
      h2 = Math.imul(h2 ^ lane2, 0x5bd1e995)
      h2 ^= h2 >>> 15
    }
    lane1 = h1
    lane2 = h2
    return
  }
  // Members in any order: each (key, value) is mixed on its own and the results are added, which does not depend on order.
  const o = v as Record<string, unknown>
  let s1 = 0
  let s2 = 0
  let n = 0
  for (const k in o) {
    hashText(k, 0x428a2f98)
    const k1 = lane1
    const k2 = lane2
    hashNode(o[k])
    s1 = (s1 + fmix(k1 ^ Math.imul(lane1, 0x9e3779b1))) | 0
    s2 = (s2 + fmix(k2 ^ Math.imul(lane2, 0x85ebca77))) | 0
    n++
  }
  lane1 = s1 ^ Math.imul(n, 0x510e527f)
  lane2 = s2 ^ Math.imul(n, 0x9b05688c) ^ 0x1f83d9ab
}

/**
 * Hashes a parsed JSON value by its canonical form (validation-rules.md §4.12 "same canonical JSON"): key order,
 * spacing, escapes and number spelling do not change it, and neither does where the line sits in the file.
 */
export function hashJson(value: unknown): void {
  hashNode(value)
  hashHi = fmix(lane1) >>> 0
  hashLo = fmix(lane2) >>> 0
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
