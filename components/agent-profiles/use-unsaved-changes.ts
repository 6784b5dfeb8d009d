'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';

export const LEAVE_MESSAGE = 'You have unsaved changes to this profile. Leave and lose them?';

function isPlainLeftClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/**
 * While `dirty`, asks before the page is left: the browser's own prompt on reload, close and
 * typed URLs (beforeunload), and a confirm on in-app link clicks. Next's <Link> navigates on
 * React's click handler at the app root; a capture listener on the document runs before it, so
 * a refusal stops the navigation before it starts.
 */
export function useUnsavedChanges(dirty: boolean): {
  /** navigates in-app, after asking when there are unsaved changes */
  navigate: (href: string) => void;
  /** true when leaving is fine (nothing unsaved, or the admin agreed) */
  confirmLeave: () => boolean;
} {
  const router = useRouter();
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);

  useEffect(() => {
    if (!dirty) return;
    function onBeforeUnload(event: BeforeUnloadEvent) {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    }
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || !isPlainLeftClick(event)) return;
      const target = event.target instanceof Element ? event.target : null;
      const anchor = target?.closest('a[href]');
      if (!(anchor instanceof HTMLAnchorElement)) return;
      if (anchor.target && anchor.target !== '_self') return;
      if (anchor.hasAttribute('download')) return;
      const url = new URL(anchor.href, window.location.href);
      const here = new URL(window.location.href);
      // Same page, other fragment: nothing is lost.
      if (
        url.origin === here.origin &&
        url.pathname === here.pathname &&
        url.search === here.search
      )
        return;
      if (!window.confirm(LEAVE_MESSAGE)) {
        event.preventDefault();
        event.stopPropagation();
      } else {
        // Agreed: do not ask a second time on the unload a plain link causes.
        window.removeEventListener('beforeunload', onBeforeUnload);
      }
    }
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);

  const confirmLeave = useCallback(() => !dirtyRef.current || window.confirm(LEAVE_MESSAGE), []);
  const navigate = useCallback(
    (href: string) => {
      if (confirmLeave()) router.push(href);
    },
    [confirmLeave, router],
  );
  return { navigate, confirmLeave };
}
