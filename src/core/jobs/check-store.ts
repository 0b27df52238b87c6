// Each job's content check on disk beside the job: a small status file (read at start for every job) and the full report
// (read only when someone opens it). A damaged or missing file only means the check runs again.
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { ValidationReport } from '../../shared/validation'
import { writeFileAtomic } from '../fs-atomic'

const CheckSummarySchema = z.object({
  valid: z.boolean(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  detectedPurpose: z.string().optional()
})
export type CheckSummary = z.infer<typeof CheckSummarySchema>

const CheckStatusSchema = z.object({
  version: z.literal(1),
  /** The purpose was not given: it is taken from the content. */
  autoPurpose: z.boolean(),
  /** False while the check has not finished (a restart runs it again). */
  done: z.boolean(),
  summary: CheckSummarySchema.optional()
})
export type CheckStatus = z.infer<typeof CheckStatusSchema>

export class CheckStore {
  constructor(private readonly dir: string) {}

  private statusPath(id: string): string {
    return join(this.dir, `${id}.check.json`)
  }
  private reportPath(id: string): string {
    return join(this.dir, `${id}.report.json`)
  }

  async status(id: string): Promise<CheckStatus | undefined> {
    const parsed = CheckStatusSchema.safeParse(await readJson(this.statusPath(id)))
    return parsed.success ? parsed.data : undefined
  }

  async saveStatus(id: string, status: CheckStatus): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await writeFileAtomic(this.statusPath(id), JSON.stringify(status))
  }

  /** Reports are capped per code by the validator, so they stay small enough to keep whole. */
  async saveReport(id: string, report: ValidationReport | null): Promise<void> {
    if (report) await writeFileAtomic(this.reportPath(id), JSON.stringify(report))
    else await rm(this.reportPath(id), { force: true })
  }

  async report(id: string): Promise<ValidationReport | undefined> {
    const raw = await readJson(this.reportPath(id))
    return raw && typeof raw === 'object' && 'counts' in raw ? (raw as ValidationReport) : undefined
  }

  async remove(id: string): Promise<void> {
    await rm(this.statusPath(id), { force: true })
    await rm(this.reportPath(id), { force: true })
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return undefined
  }
}
