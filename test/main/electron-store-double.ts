// electron-store for tests: it is loaded from node_modules, outside vitest's mocking of 'electron', so tests stand in with its
// base class, `conf`, given the same options electron-store passes on (name → configName).
import Conf from 'conf'

export default class ElectronStoreDouble extends Conf {
  constructor(options: { name: string; cwd: string; defaults: Record<string, unknown>; accessPropertiesByDotNotation: boolean }) {
    const { name, ...rest } = options
    super({ ...rest, configName: name, projectName: 'ferry' })
  }
}
