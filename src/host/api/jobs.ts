// The queue's verbs of FerryApi: add files (or Ferry's samples), and act on jobs. Answers are the jobs acted on; every change
// of state reaches the UI as an event from the queue, the one route.
import { chmod, copyFile, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { FerryApi } from '../../shared/api'
import type { ValidationReport } from '../../shared/validation'
import { FerryError } from '../../core/errors'
import type { Queue } from '../../core/jobs/queue'
import type { AccountConfig } from '../../core/providers/types'
import { MiB } from '../../core/units'
import { SANDBOX_ACCOUNT } from '../accounts'
import { datasetPaths, isDatasetName } from '../datasets'
import type { SettingsStore } from '../settings'
import { wrap } from './result'

type JobVerbs = Pick<
  FerryApi,
  'addFiles' | 'addSampleFiles' | 'setPurpose' | 'recheck' | 'validationReport' | 'startJobs' | 'pauseJobs' | 'resumeJobs' | 'cancelJobs' | 'retryJobs' | 'removeJobs'
>

export interface JobDeps {
  queue: Queue
  settings: SettingsStore
  home: string
  samplesDir?: string
  targetAccount(id: string | undefined): AccountConfig
}

export function jobVerbs({ queue, settings, home, samplesDir, targetAccount }: JobDeps): JobVerbs {
  const partSize = (): number => settings.get().partSizeMiB * MiB
  const each = (verb: 'approve' | 'pause' | 'resume' | 'cancel' | 'retry' | 'remove' | 'recheck') =>
    wrap(async ({ jobIds }: { jobIds: string[] }) => {
      for (const jobId of jobIds) if (queue.get(jobId)) await queue.command({ verb, jobId })
      return { jobIds: jobIds.filter((id) => queue.get(id) !== undefined || verb === 'remove') }
    })
  return {
    addFiles: wrap(async ({ paths, accountId, purpose }) => {
      const account = targetAccount(accountId)
      const jobIds: string[] = []
      for (const path of await datasetPaths(paths)) jobIds.push((await queue.add({ path, account, partSize: partSize(), ...(purpose ? { purpose } : {}) })).id)
      return { jobIds }
    }),
    addSampleFiles: wrap(async () => {
      if (!samplesDir) throw new FerryError('samples_missing', 'The sample files are not part of this installation.', { hint: 'Add one of your own .jsonl files instead.' })
      // Copies in FERRY_HOME, so the person can open and change them without touching the installation.
      const dir = join(home, 'samples')
      await mkdir(dir, { recursive: true, mode: 0o700 })
      const jobIds: string[] = []
      for (const name of (await readdir(samplesDir)).filter((n) => n.endsWith('.jsonl')).sort()) {
        await copyFile(join(samplesDir, name), join(dir, name))
        await chmod(join(dir, name), 0o600)
        jobIds.push((await queue.add({ path: join(dir, name), account: SANDBOX_ACCOUNT, partSize: partSize() })).id)
      }
      return { jobIds }
    }),
    setPurpose: wrap(async ({ jobId, purpose }) => {
      queue.need(jobId)
      await queue.command({ verb: 'setPurpose', jobId, purpose })
      return { jobIds: [jobId] }
    }),
    recheck: each('recheck'),
    validationReport: wrap(async ({ jobId, all }): Promise<ValidationReport> => {
      // Lines are shown only of a file queued as a dataset (one queued from a terminal may be anything).
      if (!isDatasetName(queue.need(jobId).file.path)) {
        throw new FerryError('no_report', 'Ferry shows the lines of .jsonl files only.', { hint: 'Open the file yourself to see what is in it.' })
      }
      const report = all ? await queue.fullReport(jobId) : await queue.report(jobId)
      if (!report) {
        throw new FerryError('no_report', 'There is no check report for this file.', { hint: 'Ferry checks fine-tune, batch and evals files; others are uploaded as they are.' })
      }
      return report
    }),
    startJobs: each('approve'),
    pauseJobs: each('pause'),
    resumeJobs: each('resume'),
    cancelJobs: each('cancel'),
    retryJobs: each('retry'),
    removeJobs: each('remove')
  }
}
