export default function Loading() {
  return (
    <main className="shell" aria-busy="true">
      <p className="muted">Loading figures…</p>
    </main>
  );
}
