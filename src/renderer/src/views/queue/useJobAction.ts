// What a row's button (or its key) does: a job command to the host, or a way to another view.
import { useCallback } from 'react'
import type { JobView } from '../../../../shared/api'
import type { JobAction } from '../../../../shared/jobs'
import { useActions } from '../../context'
import { navigate, paths } from '../../router'

export function useJobAction(): (job: JobView, action: JobAction) => void {
  const actions = useActions()
  return useCallback(
    (job: JobView, a: JobAction) => {
      const ids = [job.id]
      switch (a) {
        case 'pause':
          return void actions.pauseJobs(ids)
        case 'resume':
          return void actions.resumeJobs(ids)
        case 'cancel':
          return void actions.cancelJobs(ids)
        case 'retry':
        case 'retryNow':
        case 'uploadAgain':
          return void actions.retryJobs(ids)
        case 'remove':
          return void actions.removeJobs(ids)
        case 'uploadAnyway':
        case 'start':
          return void actions.startJobs(ids)
        case 'checkAgain':
        case 'startOver':
          return void actions.recheck(ids)
        case 'review':
        case 'showProblems':
          return navigate(paths.queue(job.id))
        case 'copyId':
          return void (job.remoteId && actions.copyId(job.remoteId))
        case 'showInFiles':
          return navigate(paths.files(job.remoteId))
        case 'fixKey':
          return navigate(paths.fixKey(job.accountId))
      }
    },
    [actions]
  )
}
