// The renderer's entry: builds the store over the host's bridge and mounts the app.
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { getBridge } from './bridge'
import { createFerryStore } from './store/store'
import './styles.css'

const store = createFerryStore(getBridge())
createRoot(document.getElementById('root')!).render(<App store={store} />)
