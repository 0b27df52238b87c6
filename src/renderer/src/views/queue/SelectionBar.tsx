// The selection bar (UI.md §1): Pause · Resume · Retry · Upload anyway · Remove, each applied to the selected jobs that can take it.
import type { JobView } from '../../../../shared/api'
import { useActions, useFerry, useT } from '../../context'
import { SELECTION_ACTIONS, selectionTargets, type SelectionAction } from '../../store/job-moves'

export function SelectionBar({ jobs }: { jobs: JobView[] }) {
  const tr = useT()
  const { t } = tr
  const actions = useActions()
  const autoStart = useFerry((s) => s.settings.autoStart)
  if (jobs.length === 0) return null

  const verbs: Record<SelectionAction, (ids: string[]) => Promise<void>> = {
    pause: actions.pauseJobs,
    resume: actions.resumeJobs,
    retry: actions.retryJobs,
    uploadAnyway: actions.startJobs,
    remove: actions.removeJobs
  }
  const labels: Record<SelectionAction, string> = {
    pause: t('action.pause'),
    resume: t('action.resume'),
    retry: t('action.retry'),
    uploadAnyway: t('uploadAnyway'),
    remove: t('action.remove')
  }

  return (
    <div role="toolbar" aria-label={t('selection.label')} className="selection-bar">
      <span className="selection-count">{tr.tp('selection.count', jobs.length)}</span>
      {SELECTION_ACTIONS.map((a) => {
        const targets = selectionTargets(jobs, a, autoStart)
        return (
          <button key={a} type="button" className="btn btn-small" disabled={targets.length === 0} onClick={() => void verbs[a](targets)}>
            {labels[a]}
          </button>
        )
      })}
      <button type="button" className="btn btn-small btn-ghost" onClick={() => actions.setSelection([])}>
        {t('selection.clear')}
      </button>
    </div>
  )
}
