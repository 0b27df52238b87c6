// The Queue: add files (drop anywhere, or type paths), filter tabs, the selection bar, the job grid and the validation panel.
import { useMemo, useRef, useState } from 'react'
import type { JobView } from '../../../shared/api'
import { isRunState } from '../../../shared/lifecycle'
import { Icon } from '../components/Icon'
import { useActions, useFerry, useNow, useT } from '../context'
import { navigate, paths } from '../router'
import { selectCounts, selectJobIds, type QueueFilter } from '../store/selectors'
import { AddFiles } from './queue/AddFiles'
import { JobGrid, type JobGridHandle } from './queue/JobGrid'
import { QueueTabs } from './queue/QueueTabs'
import { SelectionBar } from './queue/SelectionBar'
import { useDropFiles } from './queue/useDropFiles'
import { useJobAction } from './queue/useJobAction'
import { usePanelFocus } from './queue/usePanelFocus'
import { ValidationPanel } from './queue/ValidationPanel'

export function QueueView({ jobId }: { jobId: string | null }) {
  const { t } = useT()
  const actions = useActions()
  const jobs = useFerry((s) => s.jobs)
  const order = useFerry((s) => s.order)
  const settings = useFerry((s) => s.settings)
  const activeAccountId = useFerry((s) => s.activeAccountId)
  const selection = useFerry((s) => s.selection)
  const [filter, setFilter] = useState<QueueFilter>('all')
  const [target, setTarget] = useState<string>('')
  const grid = useRef<JobGridHandle>(null)
  usePanelFocus(jobId, grid)
  const onAction = useJobAction()

  const ids = useMemo(() => selectJobIds({ jobs, order, settings }, filter), [jobs, order, settings, filter])
  const counts = useMemo(() => selectCounts({ jobs, order, settings }), [jobs, order, settings])
  // A run's row tells time (countdown, ETA delay, stall, "finishing" taking long): only then does the clock tick.
  const ticking = useMemo(() => order.some((id) => jobs[id] !== undefined && isRunState(jobs[id].state)), [jobs, order])
  const now = useNow(1000, ticking)

  const accountFor = target || activeAccountId || undefined
  const drop = useDropFiles((files) => void actions.addDroppedFiles(files, accountFor))
  const selectedJobs = selection.map((id) => jobs[id]).filter((j): j is JobView => j !== undefined)

  return (
    <div className={`view queue-view${jobId ? ' with-panel' : ''}`} {...drop.handlers}>
      <div className="queue-main">
        <h1 className="visually-hidden">{t('queue.title')}</h1>
        <AddFiles dragging={drop.dragging} accountFor={accountFor} onTarget={setTarget} />

        {order.length === 0 ? (
          <div className="empty">
            <Icon name="file" />
            <p className="empty-title">{t('queue.empty')}</p>
            <p className="muted">{t('queue.emptyHint')}</p>
          </div>
        ) : (
          <>
            <div className="queue-toolbar">
              <QueueTabs filter={filter} counts={counts} onFilter={setFilter} />
              <SelectionBar jobs={selectedJobs} />
            </div>
            <div id="queue-grid-panel" role="tabpanel" aria-labelledby={`tab-${filter}`} className="grid-panel">
              <div className="grid-head" aria-hidden="true">
                <span className="cell-select">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    checked={ids.length > 0 && ids.every((id) => selection.includes(id))}
                    onChange={(e) => actions.setSelection(e.target.checked ? ids : [])}
                  />
                </span>
                <span className="cell-name">{t('col.name')}</span>
                <span className="cell-size">{t('col.size')}</span>
                <span className="cell-account">{t('col.account')}</span>
                <span className="cell-purpose">{t('col.purpose')}</span>
                <span className="cell-state">{t('col.state')}</span>
                <span className="cell-actions">{t('col.actions')}</span>
              </div>
              {ids.length === 0 ? (
                <p className="empty muted">{t('queue.noneInTab')}</p>
              ) : (
                <JobGrid ref={grid} ids={ids} now={now} onAction={onAction} onOpen={(id) => navigate(paths.queue(id))} />
              )}
            </div>
          </>
        )}
      </div>
      {jobId && <ValidationPanel jobId={jobId} onClose={() => navigate(paths.queue())} />}
    </div>
  )
}
