'use client';

import { useEffect, useEffectEvent, useState, type Dispatch } from 'react';
import type { CallViewAction } from '@/lib/call-events/reducer';
import { safeParseCallEvent } from '@/lib/call-events/schema';
import { parseJson } from '@/lib/json';

export type StreamState = 'off' | 'open' | 'reconnecting' | 'ended' | 'failed';

/**
 * The live monitor's feed: our server-sent events of a call's stored events. EventSource resumes
 * by itself after a drop (Last-Event-ID = the last seq), and the server closes with `end`.
 */
export function useCallEventStream({
  callId,
  after,
  enabled,
  dispatch,
  onEnd,
}: {
  callId: string;
  after: number;
  enabled: boolean;
  dispatch: Dispatch<CallViewAction>;
  onEnd: () => void;
}): StreamState {
  const [state, setState] = useState<StreamState>(enabled ? 'open' : 'off');
  // The resume point of the first render: reconnects resume with Last-Event-ID.
  const [resumeAfter] = useState(after);
  const ended = useEffectEvent(onEnd);

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(
      `/api/calls/${encodeURIComponent(callId)}/events?after=${resumeAfter}`,
    );
    source.onopen = () => setState('open');
    source.onmessage = (message: MessageEvent<string>) => {
      const json = parseJson(message.data);
      if (json === undefined) {
        dispatch({ type: 'rejected' });
        return;
      }
      const parsed = safeParseCallEvent(json);
      dispatch(parsed.success ? { type: 'event', event: parsed.data } : { type: 'rejected' });
    };
    source.addEventListener('end', () => {
      source.close();
      dispatch({ type: 'flush_gaps' });
      setState('ended');
      ended();
    });
    source.onerror = () => {
      // CONNECTING: the browser retries by itself; CLOSED: the server refused (404, 401).
      setState(source.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting');
    };
    return () => source.close();
  }, [callId, enabled, dispatch, resumeAfter]);

  return state;
}
