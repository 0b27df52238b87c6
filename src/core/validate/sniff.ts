// Fatal checks on the first bytes of a file: UTF-16/32, compressed files, binary signatures and control bytes, a CSV
// table (asked after the line pass); also notes a UTF-8 BOM.
import type { FindingParams } from '../../shared/validation'
import type { Code } from './codes'
import { clip } from './rules/context'

export const HEAD_BYTES = 8192

export interface HeadVerdict {
  fatal: { code: Code; params: FindingParams } | null
  bom: boolean
}

/** Compression formats (E_COMPRESSED_FILE: decompress first); `format` is the name their tools use. */
const COMPRESSED: { bytes: number[]; format: string }[] = [
  { bytes: [0x1f, 0x8b], format: 'gzip' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], format: 'xz' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], format: 'Zstandard' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], format: '7-Zip' }
]
const BZIP2 = [0x42, 0x5a, 0x68]
const BZIP2_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
const ZIP = [0x50, 0x4b, 0x03, 0x04]
/** Names only office documents (XLSX, DOCX, PPTX, ODS…) have near the start of their ZIP container. */
const OFFICE_MARKS = ['[Content_Types].xml', 'xl/', 'word/', 'ppt/', 'docProps/', '_rels/', 'mimetypeapplication/vnd.oasis']

const SIGNATURES: { bytes: number[]; kind: string }[] = [
  { bytes: ZIP, kind: 'a ZIP archive or an Excel .xlsx workbook' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'a PDF document' },
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
  const format = compression(head)
  if (format !== null) return { fatal: { code: 'E_COMPRESSED_FILE', params: { format } }, bom }
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
 * The compression format of a compressed file, or null. A ZIP counts only when its first entry has a readable name and
 * nothing near the start names an office document's parts (an .xlsx is a ZIP too, and is exported, not unpacked).
 */
function compression(head: Uint8Array): string | null {
  for (const c of COMPRESSED) if (startsWith(head, c.bytes)) return c.format
  // "BZh", the block size 1-9, then the first block's magic (π's digits): no text file starts so.
  if (startsWith(head, BZIP2) && (head[3] as number) >= 0x31 && (head[3] as number) <= 0x39 && startsWith(head.subarray(4), BZIP2_BLOCK)) return 'bzip2'
  if (!startsWith(head, ZIP) || head.length < 30) return null
  // The local file header: the name's length at offset 26, the name at 30.
  const nameLength = (head[26] as number) | ((head[27] as number) << 8)
  if (nameLength === 0 || nameLength > 1024 || 30 + nameLength > head.length) return null
  for (let i = 30; i < 30 + nameLength; i++) if ((head[i] as number) < 0x20 || head[i] === 0x7f) return null
  const text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1')
  return OFFICE_MARKS.some((m) => text.includes(m)) ? null : 'ZIP'
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

/** E_CSV_FILE's {columns}: the first row's fields as the message shows them, or null when the head is not a table. */
export function csvColumns(head: Uint8Array, complete: boolean): string | null {
  const row = csvFirstRow(head, complete)
  if (row === null) return null
  const shown = row.slice(0, 5).map((f) => clip(f.trim(), 30))
  return shown.join(', ') + (row.length > 5 ? ', …' : '')
}

const CSV_DELIMITERS = [',', '\t', ';']
/** Records of the head looked at: enough to see a table's shape. */
const CSV_RECORDS = 50

/**
 * The fields of a CSV (or TSV) table's first row, when the head reads as one: at least two complete records, every one
 * with the same number (≥ 2) of fields, quotes as RFC 4180 has them. Null otherwise, and for text that opens like JSON.
 * `complete` is false when the head is only the start of the file (its last record may be cut).
 */
export function csvFirstRow(head: Uint8Array, complete: boolean): string[] | null {
  const text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('utf8').replace(/^\uFEFF/, '')
  const first = text.trimStart().charAt(0)
  if (first === '{' || first === '[' || first === '') return null
  for (const d of CSV_DELIMITERS) {
    const records = csvRecords(text, d, complete)
    if (records.length < 2) continue
    const width = (records[0] as string[]).length
    if (width >= 2 && records.every((r) => r.length === width)) return records[0] as string[]
  }
  return null
}

/** Up to CSV_RECORDS complete, non-blank records of `text` split on `d` (a cut last record is dropped). */
function csvRecords(text: string, d: string, complete: boolean): string[][] {
  const out: string[][] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const endRecord = (): void => {
    fields.push(field)
    if (fields.length > 1 || fields[0] !== '') out.push(fields)
    fields = []
    field = ''
  }
  while (i < text.length && out.length < CSV_RECORDS) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
    } else if (c === '"' && field === '') quoted = true
    else if (c === d) {
      fields.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRecord()
    } else field += c
    i++
  }
  if (i >= text.length && complete && !quoted && (field !== '' || fields.length > 0)) endRecord()
  return out
}
