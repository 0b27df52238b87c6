// The Queue: add files (drop anywhere, or type paths), filter tabs, the selection bar, the job grid and the validation panel.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react'
import type { JobView } from '../../../shared/api'
import type { JobAction } from '../../../shared/jobs'
import { Icon } from '../components/Icon'
import { useActions, useFerry, useNow, useT } from '../context'
import { PATH_FIELD_ID } from '../lib/dom-ids'
import { navigate, paths } from '../router'
import { SELECTION_ACTIONS, selectCounts, selectionTargets, selectJobIds, type QueueFilter, type SelectionAction } from '../store/selectors'
import { JobGrid, type JobGridHandle } from './queue/JobGrid'
import { ValidationPanel } from './queue/ValidationPanel'

const TICKING: readonly string[] = ['uploading', 'retrying', 'finishing', 'validating']

export function QueueView({ jobId }: { jobId: string | null }) {
  const tr = useT()
  const { t } = tr
  const actions = useActions()
  const jobs = useFerry((s) => s.jobs)
  const order = useFerry((s) => s.order)
  const accounts = useFerry((s) => s.accounts)
  const activeAccountId = useFerry((s) => s.activeAccountId)
  const selection = useFerry((s) => s.selection)
  const nativeDialogs = useFerry((s) => s.nativeDialogs)
  const [filter, setFilter] = useState<QueueFilter>('all')
  const [dragging, setDragging] = useState(false)
  const [paths_, setPaths] = useState('')
  const [target, setTarget] = useState<string>('')
  const grid = useRef<JobGridHandle>(null)
  const lastPanel = useRef<string | null>(null)

  const ids = useMemo(() => selectJobIds({ jobs, order }, filter), [jobs, order, filter])
  const counts = useMemo(() => selectCounts({ jobs, order }), [jobs, order])
  const ticking = useMemo(() => order.some((id) => TICKING.includes(jobs[id]?.state ?? '')), [jobs, order])
  const now = useNow(1000, ticking)

  // Esc in the panel closes it and puts focus back on the job's row.
  useEffect(() => {
    if (jobId) lastPanel.current = jobId
    else if (lastPanel.current) {
      const id = lastPanel.current
      lastPanel.current = null
      requestAnimationFrame(() => grid.current?.focusJob(id))
    }
  }, [jobId])

  // Esc anywhere in the queue closes the panel (the panel handles it itself when focus is inside).
  useEffect(() => {
    if (!jobId) return
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="alertdialog"], [role="dialog"], [role="menu"]')) navigate(paths.queue())
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [jobId])

  const accountFor = target || activeAccountId || undefined

  const add = async (e?: FormEvent) => {
    e?.preventDefault()
    const list = paths_.split(/\r?\n/)
    if (await actions.addPaths(list, accountFor)) setPaths('')
  }

  const onPathKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      void add()
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const files = Array.from(e.dataTransfer?.files ?? [])
    if (files.length > 0) void actions.addDroppedFiles(files, accountFor)
  }

  const onAction = useCallback(
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

  const selectedJobs = selection.map((id) => jobs[id]).filter((j): j is JobView => j !== undefined)
  const runSelection = (a: SelectionAction) => {
    const targets = selectionTargets(selectedJobs, a)
    if (targets.length === 0) return
    const verbs: Record<SelectionAction, (ids: string[]) => Promise<void>> = {
      pause: actions.pauseJobs,
      resume: actions.resumeJobs,
      retry: actions.retryJobs,
      uploadAnyway: actions.startJobs,
      remove: actions.removeJobs
    }
    void verbs[a](targets)
  }
  const selectionLabel: Record<SelectionAction, string> = {
    pause: t('action.pause'),
    resume: t('action.resume'),
    retry: t('action.retry'),
    uploadAnyway: t('uploadAnyway'),
    remove: t('action.remove')
  }

  const tabs: { id: QueueFilter; label: string; count: number }[] = [
    { id: 'all', label: t('queue.tab.all'), count: counts.all },
    { id: 'active', label: t('queue.tab.active'), count: counts.active },
    { id: 'attention', label: t('queue.tab.attention'), count: counts.attention }
  ]
  const onTabKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((x) => x.id === filter)
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null
    if (next === null) return
    e.preventDefault()
    const tab = tabs[(next + tabs.length) % tabs.length]!
    setFilter(tab.id)
    document.getElementById(`tab-${tab.id}`)?.focus()
  }

  return (
    <div
      className={`view queue-view${jobId ? ' with-panel' : ''}`}
      onDragOver={(e) => {
        e.preventDefault()
        if (!dragging) setDragging(true)
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false)
      }}
      onDrop={onDrop}
    >
      <div className="queue-main">
        <h1 className="visually-hidden">{t('queue.title')}</h1>
        <form className={`dropzone${dragging ? ' is-dragging' : ''}`} onSubmit={(e) => void add(e)}>
          <p className="dropzone-text">
            <Icon name="upload-cloud" />
            {dragging ? t('queue.dropActive') : t('queue.drop')}
          </p>
          <div className="add-row">
            <div className="field grow">
              <label htmlFor={PATH_FIELD_ID}>{t('queue.pathLabel')}</label>
              <textarea
                id={PATH_FIELD_ID}
                rows={1}
                value={paths_}
                placeholder={t('queue.pathPlaceholder')}
                aria-describedby="add-paths-help"
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setPaths(e.target.value)}
                onKeyDown={onPathKey}
              />
              <span id="add-paths-help" className="help">
                {t('queue.pathHelp')}
              </span>
            </div>
            <div className="field">
              <label htmlFor="add-target">{t('queue.to')}</label>
              <select id="add-target" value={accountFor ?? ''} onChange={(e) => setTarget(e.target.value)}>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.provider === 'sandbox' ? t('switcher.sandbox') : a.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className={`btn add-button${nativeDialogs ? '' : ' btn-primary'}`}>
              {t('queue.addByPath')}
            </button>
            {nativeDialogs && (
              <button type="button" className="btn btn-primary add-button" onClick={() => void actions.chooseFiles(accountFor)}>
                {t('queue.choose')}
              </button>
            )}
          </div>
        </form>

        {order.length === 0 ? (
          <div className="empty">
            <Icon name="file" />
            <p className="empty-title">{t('queue.empty')}</p>
            <p className="muted">{t('queue.emptyHint')}</p>
          </div>
        ) : (
          <>
            <div className="queue-toolbar">
              <div role="tablist" aria-label={t('queue.filters')} className="tabs" onKeyDown={onTabKey}>
                {tabs.map((tab) => (
                  <button
                    key={tab.id}
                    id={`tab-${tab.id}`}
                    type="button"
                    role="tab"
                    aria-selected={filter === tab.id}
                    aria-controls="queue-grid-panel"
                    tabIndex={filter === tab.id ? 0 : -1}
                    className="tab"
                    onClick={() => setFilter(tab.id)}
                  >
                    {tab.label} <span className="tab-count">{tr.num(tab.count)}</span>
                  </button>
                ))}
              </div>
              {selectedJobs.length > 0 && (
                <div role="toolbar" aria-label={t('selection.label')} className="selection-bar">
                  <span className="selection-count">{tr.tp('selection.count', selectedJobs.length)}</span>
                  {SELECTION_ACTIONS.map((a) => (
                    <button
                      key={a}
                      type="button"
                      className="btn btn-small"
                      disabled={selectionTargets(selectedJobs, a).length === 0}
                      onClick={() => runSelection(a)}
                    >
                      {selectionLabel[a]}
                    </button>
                  ))}
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => actions.setSelection([])}>
                    {t('selection.clear')}
                  </button>
                </div>
              )}
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
