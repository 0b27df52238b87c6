import { defineConfig } from 'vitest/config'

// Tests run against real files, real sockets on 127.0.0.1 and real child processes; two forks keep a 2-core machine busy.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
