// The first window: says what Ferry is and how to use it today (the full UI comes with the desktop issue).
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32, maxWidth: 640 }}>
      <h1>Ferry</h1>
      <p>Carries large datasets to AI providers’ Files APIs, resumably.</p>
      <p>
        Until the desktop views arrive, use the command line: <code>npx ferry upload data.jsonl --purpose fine-tune --provider sandbox</code>
      </p>
    </main>
  )
}
