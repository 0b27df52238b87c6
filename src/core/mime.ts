// The media type sent with a file, from its extension (providers check it against the purpose).
const KNOWN: Record<string, string> = {
  jsonl: 'application/jsonl',
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
  pdf: 'application/pdf',
  md: 'text/markdown',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  parquet: 'application/vnd.apache.parquet'
}

export function mimeFor(filename: string): string {
  return KNOWN[filename.toLowerCase().split('.').pop() ?? ''] ?? 'application/octet-stream'
}
