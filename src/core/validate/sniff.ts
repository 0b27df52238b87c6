// Fatal checks on the first bytes of a file: UTF-16/32, binary signatures and control bytes; also notes a UTF-8 BOM.
import type { FindingParams } from '../../shared/validation'
import type { Code } from './codes'

export const HEAD_BYTES = 8192

export interface HeadVerdict {
  fatal: { code: Code; params: FindingParams } | null
  bom: boolean
}

const SIGNATURES: { bytes: number[]; kind: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive or an Excel .xlsx workbook' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'a PDF document' },
  { bytes: [0x1f, 0x8b], kind: 'a GZIP archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'an old Excel .xls or Word .doc file' },
  { bytes: [0x50, 0x41, 0x52, 0x31], kind: 'a Parquet file' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], kind: 'an SQLite database' }
]

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  if (head.length < bytes.length) return false
  for (let i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false
  return true
}

function looksUtf16(head: Uint8Array): boolean {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) return true
  // Without a BOM, UTF-16 text of ASCII characters has a NUL in every other byte.
  const pairs = head.length >> 1
  if (pairs < 2) return false
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenNul++
    if (head[i + 1] === 0) oddNul++
  }
  return (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) || (oddNul > pairs * 0.4 && evenNul < pairs * 0.05)
}

export function sniffHead(head: Uint8Array): HeadVerdict {
  const bom = startsWith(head, [0xef, 0xbb, 0xbf])
  if (looksUtf16(head)) return { fatal: { code: 'E_UTF16_ENCODING', params: {} }, bom }
  for (const sig of SIGNATURES) if (startsWith(head, sig.bytes)) return { fatal: { code: 'E_BINARY_FILE', params: { kind: sig.kind } }, bom }
  let control = 0
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13) control++
  }
  if (head.length > 0 && control > head.length * 0.1) return { fatal: { code: 'E_BINARY_FILE', params: { kind: 'binary data' } }, bom }
  return { fatal: null, bom }
}

/**
 * CR-only files: no LF anywhere, but the head has a CR that ends a complete JSON value.
 * `noLf` comes from the full read; the head is enough to see the separator.
 */
export function looksCrSeparated(head: Uint8Array, noLf: boolean): boolean {
  if (!noLf) return false
  const cr = head.indexOf(13)
  if (cr <= 0 || cr === head.length - 1) return false
  const first = Buffer.from(head.buffer, head.byteOffset, cr).toString('utf8').replace(/^\uFEFF/, '')
  try {
    JSON.parse(first)
    return true
  } catch {
    return false
  }
}
