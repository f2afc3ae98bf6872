"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="shell">
      <h1>Something went wrong</h1>
      <p className="muted">
        The figures could not be loaded. If the dashboard runs on the embedded database, make sure it was started with
        <code> npm run demo</code> or <code>npm start</code>, which also start the database.
        {error.digest ? ` Reference: ${error.digest}.` : ""}
      </p>
      <button onClick={reset}>Try again</button>
    </main>
  );
}
