import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The engine must stay free of Electron and React (ARCHITECTURE.md).
      'no-restricted-imports': 'off'
    }
  },
  {
    files: ['src/core/**', 'src/cli/**', 'src/shared/**', 'src/host/**', 'src/web/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react', 'react-dom', 'zustand', 'electron-store'] }]
    }
  }
)
