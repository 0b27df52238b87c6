// Names for characters nobody can see in an editor, so a finding can point at one: "U+0000 (NUL)", "U+00A0 (NBSP)".

/** Unicode's short names (the same in every language) of the invisible characters data most often carries. */
const SHORT_NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x01: 'SOH',
  0x02: 'STX',
  0x03: 'ETX',
  0x04: 'EOT',
  0x05: 'ENQ',
  0x06: 'ACK',
  0x07: 'BEL',
  0x08: 'BS',
  0x09: 'TAB',
  0x0a: 'LF',
  0x0b: 'VT',
  0x0c: 'FF',
  0x0d: 'CR',
  0x0e: 'SO',
  0x0f: 'SI',
  0x10: 'DLE',
  0x11: 'DC1',
  0x12: 'DC2',
  0x13: 'DC3',
  0x14: 'DC4',
  0x15: 'NAK',
  0x16: 'SYN',
  0x17: 'ETB',
  0x18: 'CAN',
  0x19: 'EM',
  0x1a: 'SUB',
  0x1b: 'ESC',
  0x1c: 'FS',
  0x1d: 'GS',
  0x1e: 'RS',
  0x1f: 'US',
  0x7f: 'DEL',
  0x85: 'NEL',
  0xa0: 'NBSP',
  0xad: 'SHY',
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LS',
  0x2029: 'PS',
  0x202f: 'NNBSP',
  0x2060: 'WJ',
  0x3000: 'IDSP',
  0xfeff: 'BOM'
}

/** Controls, format characters, separators other than the plain space, and halves of a broken emoji. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Z}\p{Cs}]$/u

/** True for a character that shows as nothing, or as a blank indistinguishable from a space. */
export function isInvisible(cp: number): boolean {
  return cp !== 0x20 && INVISIBLE.test(String.fromCodePoint(cp))
}

/** "U+0000 (NUL)", "U+200B (ZWSP)"; "U+E0001" for a character without a short name. */
export function invisibleName(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
  const short = SHORT_NAMES[cp]
  return short ? `${hex} (${short})` : hex
}
