// Desktop touches from the engine's events: one notification per finished batch (only when the window is not in front),
// failures told at once, taskbar progress over all active uploads, and the machine kept awake only while uploading.
import { describe, expect, it } from 'vitest'
import { DesktopTouches, type DesktopPorts } from '../../src/main/desktop'
import type { JobView } from '../../src/shared/api'

function jobView(id: string, state: JobView['state'], size = 100): JobView {
  return { id, state, file: { path: `/d/${id}.jsonl`, name: `${id}.jsonl`, size }, accountId: 'w', accountName: 'Work', provider: 'openai', purpose: 'fine-tune', bytesSent: 0, createdAt: 0 }
}

function touches(focused = false) {
  const calls = { notes: [] as [string, string][], progress: [] as [number, string][], awake: [] as boolean[] }
  const ports: DesktopPorts = {
    notify: (t, b) => calls.notes.push([t, b]),
    setProgress: (f, m) => calls.progress.push([f, m]),
    keepAwake: (on) => calls.awake.push(on),
    windowFocused: () => focused,
    notificationsOn: () => true
  }
  return { d: new DesktopTouches(ports), calls }
}

describe('DesktopTouches', () => {
  it('one "Uploads finished" notification when the last of a batch completes, and awake only while uploading', () => {
    const { d, calls } = touches()
    d.seed([jobView('a', 'queued'), jobView('b', 'queued')])
    d.handle({ type: 'job', job: jobView('a', 'uploading') })
    d.handle({ type: 'job', job: jobView('b', 'uploading', 300) })
    d.handle({ type: 'progress', jobId: 'a', sent: 50, total: 100, speed: 1, etaSeconds: 1 })
    d.handle({ type: 'progress', jobId: 'b', sent: 150, total: 300, speed: 1, etaSeconds: 1 })
    expect(calls.progress.at(-1)).toEqual([0.5, 'normal'])
    expect(calls.awake).toEqual([true])
    d.handle({ type: 'job', job: jobView('a', 'completed') })
    expect(calls.notes).toEqual([])
    d.handle({ type: 'job', job: jobView('b', 'completed') })
    expect(calls.notes).toEqual([['Uploads finished', '2 files are now at OpenAI (Work).']])
    expect(calls.awake).toEqual([true, false])
    expect(calls.progress.at(-1)).toEqual([-1, 'normal'])
  })

  it('tells a failure at once, and says nothing while the window is in front', () => {
    const away = touches()
    away.d.seed([jobView('a', 'uploading')])
    away.d.handle({ type: 'job', job: { ...jobView('a', 'failed'), error: { code: 'auth_failed', message: 'Key not accepted. OpenAI refused it.', hint: '' } } })
    expect(away.calls.notes).toEqual([['Upload failed', 'a.jsonl: Key not accepted.']])

    const front = touches(true)
    front.d.seed([jobView('a', 'uploading')])
    front.d.handle({ type: 'job', job: jobView('a', 'completed') })
    expect(front.calls.notes).toEqual([])
  })

  it('shows a paused taskbar bar when every upload is paused', () => {
    const { d, calls } = touches()
    d.seed([jobView('a', 'uploading')])
    d.handle({ type: 'job', job: jobView('a', 'paused') })
    expect(calls.progress.at(-1)).toEqual([0, 'paused'])
  })
})
