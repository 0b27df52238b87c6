// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeBridge } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

describe('settings view', () => {
  it('switches the theme and the language at once', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/settings')
    await act(async () => screen.getByLabelText('Dark').click())
    expect(document.documentElement.dataset.theme).toBe('dark')
    await act(async () => fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'ru' } }))
    expect(screen.getByRole('heading', { name: 'Настройки' })).toBeTruthy()
    expect(bridge.calls.filter((c) => c.verb === 'updateSettings').map((c) => c.input)).toEqual([{ theme: 'dark' }, { language: 'ru' }])
  })

  it('keeps uploads at once between 1 and 6', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/settings')
    const field = screen.getByLabelText('Uploads at once') as HTMLInputElement
    fireEvent.change(field, { target: { value: '9' } })
    await act(async () => fireEvent.blur(field))
    expect(bridge.calls.find((c) => c.verb === 'updateSettings')?.input).toEqual({ concurrency: 6 })
  })

  it('turns an empty speed limit into no limit and MB/s into bytes', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/settings')
    const field = screen.getByLabelText('Speed limit (MB/s)') as HTMLInputElement
    fireEvent.change(field, { target: { value: '5' } })
    await act(async () => fireEvent.blur(field))
    expect(bridge.calls.at(-1)?.input).toEqual({ speedLimit: 5 * 1024 * 1024 })
  })
})
