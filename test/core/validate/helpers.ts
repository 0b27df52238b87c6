// Test helpers: temp files written from strings/bytes or streamed, and compact views of a report.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import type { ValidationReport } from '../../../src/shared/validation'

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-validate-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export async function writeTemp(dir: string, name: string, data: string | Uint8Array): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, data)
  return path
}

/** Writes `count` pieces produced by `piece(i)` without holding the file in memory. */
export async function streamTemp(dir: string, name: string, count: number, piece: (i: number) => string | Uint8Array): Promise<string> {
  const path = join(dir, name)
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) if (!out.write(piece(i))) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
  return path
}

export function chatLine(i: number): string {
  return JSON.stringify({
    messages: [
      { role: 'system', content: 'You are a concise tutor.' },
      { role: 'user', content: `Question number ${i}?` },
      { role: 'assistant', content: `Answer number ${i}.` }
    ]
  })
}

export const chatLines = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => chatLine(i + from))

/** "line:CODE" for every error and warning. */
export function findings(r: ValidationReport): { errors: string[]; warnings: string[] } {
  const k = (f: { line: number | null; code: string }): string => `${f.line ?? 'file'}:${f.code}`
  return { errors: r.errors.map(k), warnings: r.warnings.map(k) }
}
