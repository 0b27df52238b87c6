import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

// Main and preload run in Node/Electron; the renderer is a plain web page (no Node), served from out/renderer.
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/index.ts') } }
    }
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules.
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } }
    }
  },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } }
  }
})
