// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { toast } from 'sonner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError, toActionFailure, type ActionResult } from '@/lib/errors';
import { Button } from './button';
import { NOT_ANSWERED, shownFailure, useAction, type ActionOptions } from './use-action';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

/** The failure an action returns for what its body threw, as adminAction makes it. */
function failureFrom(thrown: unknown) {
  return toActionFailure(thrown).error;
}

describe('shownFailure: a typed failure mapped once to what the user sees', () => {
  it('puts zod issues under their fields, and a refinement of the whole input over the form', () => {
    const parsed = z.object({ name: z.string().min(1, 'Enter a name.') }).safeParse({ name: '' });
    const shown = shownFailure(failureFrom(parsed.error));
    expect(shown.fieldErrors).toEqual({ name: ['Enter a name.'] });
    expect(shown.formError).toBeNull();
    const whole = z
      .object({ name: z.string() })
      .refine(() => false, { message: 'Choose what to change.' })
      .safeParse({ name: 'x' });
    expect(shownFailure(failureFrom(whole.error))).toMatchObject({
      fieldErrors: { _: ['Choose what to change.'] },
      formError: 'Choose what to change.',
      mcp: null,
    });
  });

  it('puts a failure that names one field under it, and any other over the form', () => {
    const taken = new AppError('conflict', 'That email is taken.', { field: 'email' });
    expect(shownFailure(failureFrom(taken))).toMatchObject({
      fieldErrors: { email: ['That email is taken.'] },
      formError: null,
      mcp: null,
    });
    const gone = shownFailure(
      failureFrom(new AppError('not_found', 'That tool no longer exists.')),
    );
    expect(gone).toMatchObject({ fieldErrors: {}, formError: 'That tool no longer exists.' });
    expect(gone.error?.code).toBe('not_found');
  });

  it('reads an MCP failure from its code and details, not its words', () => {
    const refused = new AppError('unavailable', 'Nothing answers at 127.0.0.1:9', {
      mcpCode: 'connection_refused',
      hint: 'Check that the server runs.',
      ms: 12,
    });
    expect(shownFailure(failureFrom(refused))).toMatchObject({
      mcp: {
        code: 'connection_refused',
        message: 'Nothing answers at 127.0.0.1:9',
        hint: 'Check that the server runs.',
        ms: 12,
      },
      fieldErrors: {},
      formError: null,
    });
    // A URL the console will not use names the url field, but is shown as the MCP failure it is.
    const badUrl = new AppError('invalid_input', 'Not allowed.', {
      mcpCode: 'url_not_allowed',
      hint: 'Use a public address.',
      field: 'url',
    });
    expect(shownFailure(failureFrom(badUrl)).mcp?.code).toBe('url_not_allowed');
    // The same words without the typed details are a plain message.
    const words = new AppError('unavailable', 'connection_refused: Nothing answers');
    expect(shownFailure(failureFrom(words)).mcp).toBeNull();
  });
});

let root: Root | undefined;
let host: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  vi.restoreAllMocks();
});

function Harness<T>({
  action,
  options,
}: {
  action: (input: { n: number }) => Promise<ActionResult<T>>;
  options?: ActionOptions<{ n: number }, T>;
}) {
  const called = useAction(action, options);
  return (
    <div>
      <Button pending={called.pending} onClick={() => called.run({ n: 1 })}>
        Go
      </Button>
      <output>{JSON.stringify({ data: called.data, failure: called.failure })}</output>
    </div>
  );
}

function render(element: React.ReactElement) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root!.render(element));
  const button = host.querySelector('button')!;
  const shown = () => JSON.parse(host!.querySelector('output')!.textContent ?? '{}');
  return { button, shown };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useAction', () => {
  it('is pending (disabled, aria-busy) until the action answers, then gives its data', async () => {
    const answer = deferred<ActionResult<{ id: string }>>();
    const action = vi.fn((_input: { n: number }) => answer.promise);
    const onOk = vi.fn();
    const { button, shown } = render(<Harness action={action} options={{ onOk }} />);
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-busy')).toBeNull();

    await act(async () => button.click());
    expect(action).toHaveBeenCalledWith({ n: 1 });
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');

    await act(async () => answer.resolve({ ok: true, data: { id: 's1' } }));
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-busy')).toBeNull();
    expect(shown()).toEqual({ data: { id: 's1' }, failure: null });
    expect(onOk).toHaveBeenCalledWith({ id: 's1' }, { n: 1 });
  });

  it('shows a typed failure and toasts it with its hint, unless onFailure showed it itself', async () => {
    const error = vi.spyOn(toast, 'error');
    const refused = toActionFailure(
      new AppError('unavailable', 'Nothing answers.', {
        mcpCode: 'connection_refused',
        hint: 'Start the server.',
        ms: 3,
      }),
    );
    const toasted = render(
      <Harness action={async () => refused} options={{ toast: true, onFailure: () => false }} />,
    );
    await act(async () => toasted.button.click());
    expect(toasted.shown().failure.mcp).toEqual({
      code: 'connection_refused',
      message: 'Nothing answers.',
      hint: 'Start the server.',
      ms: 3,
    });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('Nothing answers.', { description: 'Start the server.' });

    act(() => root?.unmount());
    const shownItself = render(
      <Harness action={async () => refused} options={{ toast: true, onFailure: () => true }} />,
    );
    await act(async () => shownItself.button.click());
    expect(shownItself.shown().failure.mcp.code).toBe('connection_refused');
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('an action that did not answer (it threw) is said as such, not as a crash', async () => {
    const { button, shown } = render(
      <Harness
        action={() => Promise.reject(new Error('fetch failed'))}
        options={{ notAnswered: 'Not saved: reload the page.' }}
      />,
    );
    await act(async () => button.click());
    expect(shown().failure).toEqual({
      error: null,
      fieldErrors: {},
      formError: 'Not saved: reload the page.',
      mcp: null,
    });
    expect(button.disabled).toBe(false);
    const other = render(<Harness action={() => Promise.reject(new Error('x'))} />);
    await act(async () => other.button.click());
    expect(other.shown().failure.formError).toBe(NOT_ANSWERED);
  });
});
