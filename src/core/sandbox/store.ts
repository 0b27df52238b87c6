// The sandbox's on-disk state: per-account files (metadata JSON + bytes), uploads and their parts, and a tmp area.
//
// Layout under `dir`:
//   tmp/<pid>-<rand>/                    bodies being received, one area per running sandbox; areas of dead
//                                        processes are removed at start (nothing there was ever accepted)
//   accounts/<acct>/files/<id>.json|bin  a File: bytes are renamed in first, metadata second, so metadata ⇒ bytes
//   accounts/<acct>/uploads/<id>.json    an Upload record
//   accounts/<acct>/parts/<upload>/<part>.bin   accepted parts, removed when the Upload completes or is cancelled
//
// Two processes may serve the same dir (the CLI's in-process sandbox and `ferry sandbox` both use FERRY_HOME/sandbox),
// so nothing is cached without a check against the disk.
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { readJsonFile, writeJsonAtomic } from './disk'
import { randomAlnum } from './ids'
import type { FileObject, UploadRecord } from './types'

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class SandboxStore {
  private readonly accounts = new Map<string, AccountStore>()
  private readonly tmpRoot: string
  readonly tmpDir: string

  constructor(readonly dir: string) {
    this.tmpRoot = join(dir, 'tmp')
    this.tmpDir = join(this.tmpRoot, `${process.pid}-${randomAlnum(8)}`)
  }

  async init(): Promise<void> {
    await mkdir(this.tmpRoot, { recursive: true, mode: 0o700 })
    for (const name of await readdir(this.tmpRoot)) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1] ?? NaN)
      if (!Number.isInteger(pid) || !processAlive(pid)) await rm(join(this.tmpRoot, name), { recursive: true, force: true })
    }
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 })
    await mkdir(join(this.dir, 'accounts'), { recursive: true, mode: 0o700 })
  }

  /** Removes this instance's tmp area (bodies still arriving are lost with their connections anyway). */
  async close(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true })
  }

  /** A fresh path in the tmp area, on the same filesystem as the final place so that accepting is a rename. */
  tmpPath(): string {
    return join(this.tmpDir, `${Date.now()}-${randomAlnum(12)}.body`)
  }

  account(accountId: string): AccountStore {
    let account = this.accounts.get(accountId)
    if (!account) {
      account = new AccountStore(join(this.dir, 'accounts', accountId))
      this.accounts.set(accountId, account)
    }
    return account
  }
}

export class AccountStore {
  private readonly filesDir: string
  private readonly uploadsDir: string
  private readonly partsRoot: string
  /** The File index, valid while the directory's mtime is `filesStamp` (another process may have changed it). */
  private files: Map<string, FileObject> | null = null
  private filesStamp: bigint = -1n
  /** Index reads, reloads and changes run one at a time: a reload racing an add could otherwise drop the new File. */
  private indexLock: Promise<unknown> = Promise.resolve()

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.indexLock.then(fn, fn)
    this.indexLock = run.catch(() => undefined)
    return run
  }

  constructor(root: string) {
    this.filesDir = join(root, 'files')
    this.uploadsDir = join(root, 'uploads')
    this.partsRoot = join(root, 'parts')
  }

  private async filesDirStamp(): Promise<bigint> {
    try {
      return (await stat(this.filesDir, { bigint: true })).mtimeNs
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return -1n
      throw err
    }
  }

  private async fileMap(): Promise<Map<string, FileObject>> {
    const stamp = await this.filesDirStamp()
    if (this.files && stamp === this.filesStamp) return this.files
    const map = await this.loadFiles()
    this.files = map
    this.filesStamp = stamp
    return map
  }

  /**
   * After our own change the index is already right: take the new mtime as its stamp instead of re-reading every
   * File. (A change by another process in the same instant would be missed until the next one; acceptable here.)
   */
  private async ownChangeDone(): Promise<void> {
    this.filesStamp = await this.filesDirStamp()
  }

  private async loadFiles(): Promise<Map<string, FileObject>> {
    const map = new Map<string, FileObject>()
    let names: string[]
    try {
      names = await readdir(this.filesDir)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return map
      throw err
    }
    for (const name of names) {
      if (!name.endsWith('.json')) continue
      const file = await readJsonFile<FileObject>(join(this.filesDir, name))
      if (file && typeof file.id === 'string') map.set(file.id, file)
    }
    return map
  }

  listFiles(): Promise<FileObject[]> {
    return this.exclusive(async () => [...(await this.fileMap()).values()])
  }

  getFile(id: string): Promise<FileObject | null> {
    return this.exclusive(async () => (await this.fileMap()).get(id) ?? null)
  }

  fileBytesPath(id: string): string {
    return join(this.filesDir, `${id}.bin`)
  }

  /** Moves the received bytes into place, then records the metadata: the File is listed only once both exist. */
  addFile(file: FileObject, receivedPath: string): Promise<void> {
    return this.exclusive(async () => {
      const files = await this.fileMap()
      await mkdir(this.filesDir, { recursive: true, mode: 0o700 })
      await rename(receivedPath, this.fileBytesPath(file.id))
      await writeJsonAtomic(join(this.filesDir, `${file.id}.json`), file)
      files.set(file.id, file)
      await this.ownChangeDone()
    })
  }

  /** Metadata goes first so that a crash half-way leaves an orphan byte file, never a listed File without bytes. */
  deleteFile(id: string): Promise<void> {
    return this.exclusive(async () => {
      const files = await this.fileMap()
      await rm(join(this.filesDir, `${id}.json`), { force: true })
      await rm(this.fileBytesPath(id), { force: true })
      files.delete(id)
      await this.ownChangeDone()
    })
  }

  /** Always read from disk: one small document, and another process may have completed or cancelled it. */
  getUpload(id: string): Promise<UploadRecord | null> {
    return readJsonFile<UploadRecord>(join(this.uploadsDir, `${id}.json`))
  }

  async saveUpload(record: UploadRecord): Promise<void> {
    await mkdir(this.uploadsDir, { recursive: true, mode: 0o700 })
    await writeJsonAtomic(join(this.uploadsDir, `${record.upload.id}.json`), record)
  }

  partPath(uploadId: string, partId: string): string {
    return join(this.partsRoot, uploadId, `${partId}.bin`)
  }

  async addPart(uploadId: string, partId: string, receivedPath: string): Promise<void> {
    await mkdir(join(this.partsRoot, uploadId), { recursive: true, mode: 0o700 })
    await rename(receivedPath, this.partPath(uploadId, partId))
  }

  /** Size of an accepted part, or null when this Upload has no such part. */
  async partSize(uploadId: string, partId: string): Promise<number | null> {
    try {
      return (await stat(this.partPath(uploadId, partId))).size
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async removeParts(uploadId: string): Promise<void> {
    await rm(join(this.partsRoot, uploadId), { recursive: true, force: true })
  }
}
