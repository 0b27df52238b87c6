// The content check of one queued file: the validator on its lines (fine-tune, batch, evals) and the provider's file rules
// (size, extension, purpose), of the file as it is now. Gives the verdict the gate reads, the report people open, and the
// plain reason a refused file needs fixing.
import { stat } from 'node:fs/promises'
import type { ErrorInfo } from '../../shared/errors'
import type { ProfileId, PurposeChoice, ValidationReport } from '../../shared/validation'
import { asFerryError } from '../errors'
import { checkFile } from '../preflight'
import type { ProviderAdapter } from '../providers/types'
import { formatBytes } from '../units'
import { fillFinding } from '../../shared/locale/fill'
import type { CheckVerdict, JobRecord } from './record'
import type { JobState } from '../../shared/jobs'
import { can } from '../../shared/lifecycle'
import { isChecked } from '../../shared/purposes'
import { checkAllows, verdictEvent } from './gate'
import type { Queue } from './queue'

/** Runs the validator on a file (in a worker in the app and the CLI); injected so tests and hosts choose how. */
export type ContentCheck = (
  path: string,
  options: { purpose: PurposeChoice; profile: ProfileId; signal?: AbortSignal; onProgress?: (read: number, total: number) => void; all?: boolean }
) => Promise<ValidationReport>

export interface CheckResult {
  verdict: CheckVerdict
  report: ValidationReport | null
  /** Why the file cannot go as it is (shown on the row), when the verdict is not valid. */
  error?: ErrorInfo
  purpose: string
  /** The file as the check read it. */
  file: { size: number; mtimeMs: number }
}

export async function checkJob(
  job: JobRecord,
  adapter: ProviderAdapter,
  contentCheck: ContentCheck,
  opts: { signal?: AbortSignal; onProgress?: (read: number, total: number) => void } = {}
): Promise<CheckResult> {
  let purpose = job.purpose
  let report: ValidationReport | null = null
  let refusal: ErrorInfo | undefined
  let file = { size: job.file.size, mtimeMs: job.file.mtimeMs }
  try {
    const st = await stat(job.file.path)
    file = { size: st.size, mtimeMs: st.mtimeMs }
    if (job.autoPurpose || isChecked(purpose)) {
      report = await contentCheck(job.file.path, {
        purpose: job.autoPurpose ? 'auto' : (purpose as PurposeChoice),
        profile: 'openai',
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {})
      })
      if (job.autoPurpose && report.detected.purpose) purpose = report.detected.purpose
    }
    refusal = await providerRefusal(job.file.path, purpose, adapter, job.expiresAfterSeconds, file.size)
  } catch (err) {
    if (opts.signal?.aborted) throw err
    refusal = asFerryError(err).toInfo()
  }
  if (refusal && report) report = withFileFinding(report, refusal)
  const count = (severity: 'error' | 'warning'): number => (report?.counts ?? []).filter((c) => c.severity === severity).reduce((n, c) => n + c.total, 0)
  const errors = count('error') + (refusal && !report ? 1 : 0)
  const detected = report?.detected.purpose ?? undefined
  const verdict: CheckVerdict = {
    ...file,
    valid: errors === 0 && !refusal,
    errors,
    // The figure of "n lines have problems" on the row, the same the panel shows (a refusal is the whole file's).
    errorLines: report?.errorLines ?? 0,
    warnings: count('warning'),
    ...(refusal ? { refused: true } : {}),
    ...(detected ? { detectedPurpose: detected } : {})
  }
  const error = verdict.valid ? undefined : (refusal ?? needsFixing(report, adapter.name))
  return { verdict, report, purpose, file, ...(error ? { error } : {}) }
}

/**
 * The provider's file rules (preflight's checkFile: extension, size, purpose) for this file, in UI.md §6 words when the
 * file is too large; undefined when it passes. The queue's check and `ferry validate` both ask it.
 */
export async function providerRefusal(path: string, purpose: string, adapter: ProviderAdapter, expiry: number | undefined, size: number): Promise<ErrorInfo | undefined> {
  try {
    await checkFile(path, purpose, adapter, expiry)
    return undefined
  } catch (err) {
    const e = asFerryError(err)
    if (e.code === 'file_too_large') {
      const limit = adapter.limits.purposes[purpose]?.label ?? ''
      return { code: 'file_too_large', message: `The file is ${formatBytes(size)}; the limit is ${limit} for ${purpose}.`, hint: 'Split it, or use another account.' }
    }
    return e.toInfo()
  }
}

/** The validator's finding that already says what a refusal says (an empty file, a file too large). */
const SAME_AS: Record<string, string> = { file_too_large: 'E_FILE_TOO_LARGE', file_empty: 'E_EMPTY_FILE' }

/** A refusal before any line is read (too large, wrong extension) shown as a whole-file problem in the report. */
export function withFileFinding(report: ValidationReport, refusal: ErrorInfo): ValidationReport {
  if (report.counts.some((c) => c.code === refusal.code || c.code === SAME_AS[refusal.code])) {
    return { ...report, valid: false }
  }
  const finding = { line: null, code: refusal.code, message: refusal.message, hint: refusal.hint, params: {} }
  return {
    ...report,
    valid: false,
    errors: [finding, ...report.errors],
    counts: [{ code: refusal.code, severity: 'error', total: 1, listed: 1 }, ...report.counts]
  }
}

function needsFixing(report: ValidationReport | null, provider: string): ErrorInfo {
  const fatal = report?.fatal ? report.errors[0] : undefined
  if (fatal) return { code: 'needs_fixing', message: fatal.message, hint: fatal.hint }
  const n = report?.errorLines ?? 0
  // Only whole-file problems (too few examples, …): the first one's own words.
  const whole = n === 0 ? report?.errors[0] : undefined
  if (whole) return { code: 'needs_fixing', message: whole.message, hint: whole.hint }
  return {
    code: 'needs_fixing',
    message: fillFinding("Needs fixing. {n} {n:line has|lines have} problems {provider} won't accept.", { n, provider }),
    hint: 'Fix the file, then check it again.'
  }
}

/**
 * The queue's check of one job in "validating": runs it, keeps the verdict and the report, and moves the job by the verdict
 * (then on at once when the person's standing "upload anyway" covers it).
 */
export async function checkQueued(q: Queue, id: string, signal: AbortSignal): Promise<void> {
  const job = q.get(id)
  if (!job || job.state !== 'validating') return
  const rt = q.runtime(id)
  rt.checkProgress = 0
  let adapter: ProviderAdapter
  try {
    adapter = await q.opts.limitsFor(job.account)
  } catch (err) {
    await q.move(job, 'fail', (j) => (j.error = asFerryError(err).toInfo()))
    return
  }
  let lastEmit = 0
  const onProgress = (read: number, total: number): void => {
    rt.checkProgress = total > 0 ? Math.min(100, Math.floor((read / total) * 100)) : 0
    // A whole file's reading is a handful of figures worth showing, not an event per buffer.
    if (Date.now() - lastEmit < 250) return
    lastEmit = Date.now()
    q.emit('job', job)
  }
  const result = await checkJob(job, adapter, q.opts.check, { signal, onProgress })
  delete rt.checkProgress
  if (signal.aborted || q.get(id) !== job || job.state !== 'validating') return
  if (result.file.size !== job.file.size || result.file.mtimeMs !== job.file.mtimeMs) {
    // The file changed since it was added (perhaps fixed): what was sent of the old one is of no use.
    job.file = { ...job.file, ...result.file }
    job.checkpoint = {}
    job.bytesSent = 0
    await q.store.clearParts(id)
  }
  job.purpose = result.purpose
  delete job.autoPurpose
  if (q.opts.expiryFor) {
    const expiry = q.opts.expiryFor(job.purpose)
    if (expiry !== undefined) job.expiresAfterSeconds = expiry
    else delete job.expiresAfterSeconds
  }
  job.check = result.verdict
  await q.checks.saveReport(id, result.report)
  await q.move(job, verdictEvent(result.verdict), (j) => result.error && (j.error = result.error))
  // A standing "upload anyway" (the CLI's own, or --force) applies at once.
  const state = job.state as JobState
  if (checkAllows(job) && state !== 'ready' && can(state, 'approve')) await q.move(job, 'approve')
}
