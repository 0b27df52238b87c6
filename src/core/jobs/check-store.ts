// Each job's content check report on disk beside the job, read only when someone opens it (the verdict the gate reads is in
// the job record). A damaged or missing report only means it is not shown.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ValidationReport } from '../../shared/validation'
import { writeFileAtomic } from '../fs-atomic'

export class CheckStore {
  constructor(private readonly dir: string) {}

  private reportPath(id: string): string {
    return join(this.dir, `${id}.report.json`)
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
