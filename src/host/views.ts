// What the renderer sees of a job: the record plus what the scheduler knows right now, errors in UI.md §6 words, no key ever.
import type { JobView, ProviderId } from '../shared/api'
import { isFinished } from '../shared/lifecycle'
import type { JobRecord } from '../core/jobs/record'
import type { JobRuntime } from '../core/jobs/queue'
import type { AccountConfig } from '../core/providers/types'
import { present } from './messages'

export interface AccountLookup {
  find(id: string): AccountConfig | undefined
  providerName(account: AccountConfig): string
}

export function jobView(job: JobRecord, rt: JobRuntime, accounts: AccountLookup, now = Date.now()): JobView {
  const account = accounts.find(job.account.id) ?? job.account
  const view: JobView = {
    id: job.id,
    state: job.state,
    file: { path: job.file.path, name: job.file.name, size: job.file.size },
    accountId: job.account.id,
    accountName: account.name,
    provider: account.provider as ProviderId,
    purpose: job.purpose,
    bytesSent: job.bytesSent,
    createdAt: job.createdAt
  }
  if (job.remote) view.remoteId = job.remote.id
  if (job.error) view.error = present(job.error, { provider: accounts.providerName(account), account: account.name, file: job.file.name })
  if (job.restarted) view.restarted = true
  if (job.renewal && !isFinished(job.state)) view.renewal = job.renewal
  else if (rt.resumedFrom) view.resumedFrom = rt.resumedFrom
  if (job.state === 'retrying' && rt.retryUntil) view.retryInSeconds = Math.max(0, Math.ceil((rt.retryUntil - now) / 1000))
  // A verdict of an earlier version of the file is not shown as this one's: while it is checked again, only the progress.
  const check = job.state === 'validating' ? undefined : job.check
  if (check || rt.checkProgress !== undefined) {
    view.check = {
      valid: check?.valid ?? false,
      errors: check?.errors ?? 0,
      ...(check?.errorLines !== undefined ? { errorLines: check.errorLines } : {}),
      warnings: check?.warnings ?? 0,
      ...(check?.detectedPurpose ? { detectedPurpose: check.detectedPurpose } : {}),
      ...(job.state === 'validating' && rt.checkProgress !== undefined ? { progress: rt.checkProgress } : {})
    }
  }
  return view
}
