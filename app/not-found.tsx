import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="text-sm text-zinc-600">The page does not exist, or you cannot see it.</p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">
        Back to the console
      </Link>
    </main>
  );
}
