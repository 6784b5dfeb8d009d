import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">403</p>
      <h1 className="text-2xl font-semibold">Admins only</h1>
      <p className="text-sm text-zinc-600">
        Your account is a member account. Ask an admin if you need access to this page.
      </p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">
        Back to the console
      </Link>
    </main>
  );
}
