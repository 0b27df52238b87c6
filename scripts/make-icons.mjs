// Renders resources/icons/icon.svg into the PNGs Electron needs (window/taskbar icon, tray at 1× and 2×), with the system's
// Chromium: no image toolchain to install. Run it after changing the SVG and commit the PNGs: `node scripts/make-icons.mjs`.
import { readFile } from 'node:fs/promises'
import { chromium } from 'playwright-core'

const dir = new URL('../resources/icons/', import.meta.url)
const svg = await readFile(new URL('icon.svg', dir), 'utf8')
const browser = await chromium.launch({ executablePath: process.env.FERRY_E2E_CHROMIUM ?? '/usr/bin/chromium' })
try {
  const page = await browser.newPage()
  for (const [name, size] of [['icon.png', 512], ['tray.png', 16], ['tray@2x.png', 32]]) {
    await page.setViewportSize({ width: size, height: size })
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`)
    await page.screenshot({ path: new URL(name, dir).pathname, omitBackground: true })
    console.log(`resources/icons/${name}: ${size}×${size}`)
  }
} finally {
  await browser.close()
}
