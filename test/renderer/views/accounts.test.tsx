// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { account, createFakeBridge } from '../fake-bridge'
import { renderApp } from '../render'

afterEach(cleanup)

const work = account({ id: 'w', name: 'Work', provider: 'openai', maskedKey: '••••a1b2', keyStorage: 'encrypted', chip: { color: 1, initials: 'WK' } })

describe('accounts view', () => {
  it('shows only the masked key, never more', async () => {
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/accounts')
    expect(screen.getByText('••••a1b2')).toBeTruthy()
    expect(screen.getByText('Not checked yet')).toBeTruthy()
  })

  it('requires a Folder ID for Yandex AI Studio', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/accounts/new?provider=yandex')
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Yandex work' } })
    fireEvent.change(screen.getByLabelText(/^API key/), { target: { value: 'AQVN-secret-key-1234' } })
    // Even while typed, the key is only the field's value, never an attribute in the page.
    expect(document.body.innerHTML).not.toContain('AQVN-secret-key-1234')
    await act(async () => screen.getByRole('button', { name: 'Save' }).click())
    expect(screen.getByText('Fill in Folder ID.')).toBeTruthy()
    expect(bridge.calls.some((c) => c.verb === 'addAccount')).toBe(false)
    expect(document.activeElement).toBe(screen.getByLabelText(/^Folder ID/))
    fireEvent.change(screen.getByLabelText(/^Folder ID/), { target: { value: 'b1gabc' } })
    await act(async () => screen.getByRole('button', { name: 'Save' }).click())
    expect(bridge.calls.find((c) => c.verb === 'addAccount')?.input).toMatchObject({
      provider: 'yandex',
      folderId: 'b1gabc',
      name: 'Yandex work',
      key: 'AQVN-secret-key-1234'
    })
    // The key went to the host and is not kept in the page.
    expect(document.body.innerHTML).not.toContain('AQVN-secret-key-1234')
  })

  it('shows Resource URL for Azure OpenAI', async () => {
    await renderApp(createFakeBridge(), '#/accounts/new?provider=azure')
    expect(screen.getByLabelText(/^Resource URL/)).toBeTruthy()
  })

  it('offers base URL, key header and large-file uploads for other providers', async () => {
    await renderApp(createFakeBridge(), '#/accounts/new?provider=compatible')
    expect(screen.getByLabelText(/^Base URL/)).toBeTruthy()
    expect(screen.getByLabelText('Key header')).toBeTruthy()
    expect((screen.getByLabelText('Supports large-file uploads') as HTMLInputElement).checked).toBe(false)
  })

  it('"Fix key" lands on the key field, focused', async () => {
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/accounts/w/key')
    expect(document.activeElement).toBe(screen.getByLabelText(/^API key/))
  })

  it('says plainly when a key was not accepted, and when it connects', async () => {
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/accounts/w')
    bridge.failNext('testAccount', 'auth_failed')
    await act(async () => screen.getByRole('button', { name: 'Test connection' }).click())
    expect(screen.getByText('The key was not accepted. Check that you copied all of it.')).toBeTruthy()
    await act(async () => screen.getByRole('button', { name: 'Test connection' }).click())
    expect(screen.getByText('Connected. 3 files.')).toBeTruthy()
  })

  it('saves a new account after Test connection without asking for the key again (found by the e2e suite)', async () => {
    const bridge = createFakeBridge()
    await renderApp(bridge, '#/accounts/new?provider=openai')
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Work' } })
    fireEvent.change(screen.getByLabelText(/^API key/), { target: { value: 'sk-test-key-1234' } })
    await act(async () => screen.getByRole('button', { name: 'Test connection' }).click())
    expect(bridge.calls.filter((c) => c.verb === 'addAccount')).toHaveLength(1)
    await act(async () => screen.getByRole('button', { name: 'Save' }).click())
    expect(screen.queryByText('Fill in API key.')).toBeNull()
    const update = bridge.calls.find((c) => c.verb === 'updateAccount')
    expect(update).toBeTruthy()
    expect(JSON.stringify(update?.input)).not.toContain('sk-test-key-1234')
  })

  it('without a keyring, warns and keeps the key only until Ferry closes by default', async () => {
    const bridge = createFakeBridge({ secureKeyStorage: false })
    await renderApp(bridge, '#/accounts/new')
    expect(screen.getByText("Keys can't be protected here.")).toBeTruthy()
    expect((screen.getByLabelText('Only until Ferry closes') as HTMLInputElement).checked).toBe(true)
    expect((screen.getByLabelText('Save anyway') as HTMLInputElement).checked).toBe(false)
  })

  it('switches the active account with one click', async () => {
    const bridge = createFakeBridge({ accounts: [account(), work] })
    await renderApp(bridge, '#/accounts')
    const row = screen.getByText('Work').closest('li') as HTMLElement
    await act(async () => within(row).getByRole('button', { name: 'Use' }).click())
    expect(bridge.calls.find((c) => c.verb === 'setActiveAccount')?.input).toEqual({ id: 'w' })
    expect(within(row).getByText('Active')).toBeTruthy()
  })
})
