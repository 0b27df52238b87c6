// Renders the whole app over a fake bridge at a given hash route, and waits until the first snapshot is shown.
import { render, screen } from '@testing-library/react'
import { App } from '../../src/renderer/src/App'
import { createFerryStore, type StoreOptions } from '../../src/renderer/src/store/store'
import type { FakeBridge } from './fake-bridge'

export async function renderApp(bridge: FakeBridge, hash = '#/queue', opts: StoreOptions = {}) {
  window.location.hash = hash
  const copied: string[] = []
  const store = createFerryStore(bridge, {
    clipboard: async (text) => {
      copied.push(text)
      return true
    },
    ...opts
  })
  const utils = render(<App store={store} />)
  await screen.findByRole('navigation')
  return { ...utils, store, copied }
}
