// @vitest-environment happy-dom
// Keys in the accounts view (issue 8, items 11 and 15): a new address asks for the key again, plain http:// to another host is
// refused, and an account whose key was kept only until Ferry closed says "Key needed" and offers to paste it — never that
// the provider refused a key it was not even asked about.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { account, createFakeBridge } from '../fake-bridge'
import { renderApp } from '../render'
import { testMessage } from '../../../src/renderer/src/lib/account-form'
import { createTranslator } from '../../../src/shared/locale'

afterEach(cleanup)

const work = account({ id: 'w', name: 'Work', provider: 'openai', maskedKey: '••••a1b2', keyStorage: 'encrypted', chip: { color: 1, initials: 'WK' } })
const save = () => act(async () => screen.getByRole('button', { name: 'Save' }).click())

describe('accounts: keys', () => {
  it('a new address asks for the key again, and sends it with the change', async () => {
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/accounts/w')
    expect(screen.getByText('Saved key ending a1b2')).toBeTruthy()
    fireEvent.change(screen.getByLabelText(/^Base URL/), { target: { value: 'https://proxy.example.com/v1' } })
    expect(screen.queryByText('Saved key ending a1b2')).toBeNull()
    expect(screen.getByText(/The address changed, so paste the key again/)).toBeTruthy()
    await save()
    expect(screen.getByText('Fill in API key.')).toBeTruthy()
    expect(bridge.calls.some((c) => c.verb === 'updateAccount')).toBe(false)

    fireEvent.change(screen.getByLabelText(/^API key/), { target: { value: 'sk-new-host-key-5678' } })
    await save()
    expect(bridge.calls.find((c) => c.verb === 'updateAccount')?.input).toMatchObject({
      id: 'w',
      patch: { baseUrl: 'https://proxy.example.com/v1', key: 'sk-new-host-key-5678' }
    })
  })

  it('back at the saved address, or only renamed, the saved key stays', async () => {
    const bridge = createFakeBridge({ accounts: [account(), { ...work, baseUrl: 'https://proxy.example.com/v1' }] })
    await renderApp(bridge, '#/accounts/w')
    fireEvent.change(screen.getByLabelText(/^Base URL/), { target: { value: 'https://proxy.example.com/v2' } })
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Work 2' } })
    expect(screen.getByText('Saved key ending a1b2')).toBeTruthy()
    await save()
    expect(JSON.stringify(bridge.calls.find((c) => c.verb === 'updateAccount')?.input)).not.toContain('"key"')
  })

  it('refuses plain http:// to another host, takes it for this computer', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/accounts/new?provider=compatible')
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Local' } })
    fireEvent.change(screen.getByLabelText(/^API key/), { target: { value: 'sk-local-1234' } })
    fireEvent.change(screen.getByLabelText(/^Base URL/), { target: { value: 'http://llm.example.com/v1' } })
    await save()
    expect(screen.getByText(/over plain http:\/\/ your key would travel unencrypted/)).toBeTruthy()
    expect(bridge.calls.some((c) => c.verb === 'addAccount')).toBe(false)
    fireEvent.change(screen.getByLabelText(/^Base URL/), { target: { value: 'http://127.0.0.1:8000/v1' } })
    await save()
    expect(bridge.calls.find((c) => c.verb === 'addAccount')?.input).toMatchObject({ baseUrl: 'http://127.0.0.1:8000/v1' })
  })

  it('the host’s refusal of a new address without a key is worded by the form', async () => {
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/accounts/w')
    bridge.failNext('updateAccount', 'key_for_new_host', 'The address changed (English from the host).')
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Work 2' } })
    await save()
    expect(screen.getByText(/The address changed, so paste the key again/)).toBeTruthy()
  })

  it('after a restart, a key kept only in memory: "Key needed: paste it again", not an old "Connected", and a way to paste it', async () => {
    const gone = { ...work, maskedKey: null, keyStorage: 'none' as const, lastTest: { ok: true, at: Date.now() - 60_000, message: 'Connected. 3 files.' } }
    const bridge = createFakeBridge({ accounts: [account(), gone] })
    await renderApp(bridge, '#/accounts')
    const row = screen.getByText('Work').closest('li') as HTMLElement
    expect(within(row).getByText('Key needed: paste it again')).toBeTruthy()
    expect(within(row).queryByText(/Connected/)).toBeNull()
    expect(screen.getAllByText(/Key needed/)).toHaveLength(1)
    await act(async () => within(row).getByRole('button', { name: 'Paste key' }).click())
    expect(window.location.hash).toBe('#/accounts/w/key')
    const field = await screen.findByLabelText(/^API key/)
    await waitFor(() => expect(document.activeElement).toBe(field))
  })

  it('Test connection with no key to try says a key is needed, not that the provider refused it', () => {
    const error = { code: 'key_needed', message: 'Key needed.', hint: '' }
    expect(testMessage(createTranslator('en'), { ok: false, error }, 'api.openai.com')).toEqual({
      text: 'Key needed: paste it again. Nothing was sent to api.openai.com.',
      ok: false
    })
    expect(testMessage(createTranslator('ru'), { ok: false, error }, 'api.openai.com').text).toBe('Нужен ключ: вставьте его снова. На api.openai.com ничего не отправлялось.')
    expect(testMessage(createTranslator('en'), { ok: false, error: { ...error, code: 'auth_failed' } }, 'x').text).toBe(
      'The key was not accepted. Check that you copied all of it.'
    )
  })
})
