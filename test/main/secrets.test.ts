// Keys at rest in the app: sealed with (a fake of) Electron's safeStorage into secrets.json by account id, never written in the
// clear, masked to the last four for the renderer, kept in memory only when asked or when the OS cannot protect them.
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { onCleanup, tempDir } from '../helpers'

const fake = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret' }
  // A reversible "cipher" that never leaves the key readable: enough to prove what reaches the disk.
  const safeStorage = {
    isEncryptionAvailable: () => state.available,
    encryptString: (s: string) => Buffer.from('sealed:' + Buffer.from(s).toString('hex').split('').reverse().join('')),
    decryptString: (b: Buffer) => {
      const text = b.toString()
      if (!text.startsWith('sealed:')) throw new Error('cannot decrypt')
      return Buffer.from(text.slice(7).split('').reverse().join(''), 'hex').toString()
    },
    getSelectedStorageBackend: () => state.backend
  }
  return { state, safeStorage }
})

vi.mock('electron', () => ({ default: {}, safeStorage: fake.safeStorage }))
vi.mock('electron-store', () => import('./electron-store-double'))

const { createElectronVault, SafeStorageVault, electronStoreFactory } = await import('../../src/main/secrets')
const { createHandlers } = await import('../../src/host/handlers')

const KEY = 'sk-live-THE-REAL-KEY-1234567890-q7r8'

describe('secrets (safeStorage vault)', () => {
  it('seals each key into secrets.json by account id and reads it back after a restart', async () => {
    const home = await tempDir()
    const vault = createElectronVault(home)
    expect(vault.secure).toBe(true)
    expect(await vault.set('acc_1', KEY, { sessionOnly: false })).toBe('encrypted')
    const onDisk = await readFile(join(home, 'secrets.json'), 'utf8')
    expect(onDisk).not.toContain(KEY)
    expect(onDisk).not.toContain('REAL-KEY')
    expect(Object.keys((JSON.parse(onDisk) as { keys: object }).keys)).toEqual(['acc_1'])
    // Sealed, and for this user alone all the same (POSIX).
    if (process.platform !== 'win32') expect((await stat(join(home, 'secrets.json'))).mode & 0o777).toBe(0o600)
    expect(await createElectronVault(home).get('acc_1')).toBe(KEY)
    expect(createElectronVault(home).storage('acc_1')).toBe('encrypted')
    await vault.delete('acc_1')
    expect(await createElectronVault(home).get('acc_1')).toBeUndefined()
  })

  it('keeps a key in memory only when asked ("Only until Ferry closes")', async () => {
    const home = await tempDir()
    const vault = createElectronVault(home)
    expect(await vault.set('acc_2', KEY, { sessionOnly: true })).toBe('session')
    expect(await vault.get('acc_2')).toBe(KEY)
    expect(vault.storage('acc_2')).toBe('session')
    expect(await createElectronVault(home).get('acc_2')).toBeUndefined()
  })

  it('on Linux with no keyring (basic_text) says keys cannot be protected', async () => {
    const home = await tempDir()
    fake.state.backend = 'basic_text'
    onCleanup(async () => void (fake.state.backend = 'gnome_libsecret'))
    expect(new SafeStorageVault(fake.safeStorage, electronStoreFactory, home, 'linux').secure).toBe(false)
    expect(new SafeStorageVault(fake.safeStorage, electronStoreFactory, home, 'darwin').secure).toBe(true)
    fake.state.available = false
    onCleanup(async () => void (fake.state.available = true))
    const vault = new SafeStorageVault(fake.safeStorage, electronStoreFactory, home, 'win32')
    expect(vault.secure).toBe(false)
    // Nothing to encrypt with: the key stays for this session only.
    expect(await vault.set('acc_3', KEY, { sessionOnly: false })).toBe('session')
  })

  it('the renderer only ever sees the last four characters; the snapshot reports whether keys are protected', async () => {
    const home = await tempDir()
    const vault = createElectronVault(home)
    const api = await createHandlers({ home, vault, makeStore: electronStoreFactory })
    onCleanup(() => api.close())
    const added = await api.addAccount({ name: 'Work', provider: 'openai', key: KEY })
    expect(added.ok && added.value).toMatchObject({ maskedKey: '••••q7r8', keyStorage: 'encrypted' })
    const snap = await api.snapshot()
    expect(snap.ok && snap.value.secureKeyStorage).toBe(true)
    expect(JSON.stringify(snap)).not.toContain(KEY.slice(0, 10))
    expect(await readFile(join(home, 'accounts.json'), 'utf8')).not.toContain(KEY)
  })

  it('a damaged secrets.json is moved aside and reported, not a crash', async () => {
    const home = await tempDir()
    await mkdir(home, { recursive: true })
    await writeFile(join(home, 'secrets.json'), '{"keys": {"acc_1": ')
    const vault = createElectronVault(home)
    expect(vault.notices).toHaveLength(1)
    expect(await vault.get('acc_1')).toBeUndefined()
  })
})
