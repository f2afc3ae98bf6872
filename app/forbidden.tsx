import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="shell">
      <h1>Not for your role</h1>
      <p className="muted" data-testid="forbidden">
        Your account does not include this page. Ask an administrator if you need it.
      </p>
      <Link href="/">Back to the overview</Link>
    </main>
  );
}
