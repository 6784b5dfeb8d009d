'use client';

import {
  BarVisualizer,
  RoomAudioRenderer,
  StartAudio,
  useLocalParticipant,
  useMediaDeviceSelect,
  useRoomContext,
  useVoiceAssistant,
  type AgentState,
} from '@livekit/components-react';
import { Mic, MicOff, PhoneOff, Send } from 'lucide-react';
import { memo, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { useAgentState } from './use-agent-state';
import type { CallSession } from './use-call-session';

const AGENT_STATE_LABEL: Partial<Record<AgentState, string>> = {
  disconnected: 'not in the call',
  connecting: 'connecting',
  'pre-connect-buffering': 'connecting',
  initializing: 'connecting',
  idle: 'listening',
  listening: 'listening',
  thinking: 'thinking',
  speaking: 'speaking',
  failed: 'failed',
};

/**
 * Inside the room's context: the agent's state and voice, the microphone, typed input. Memoized,
 * with only what it uses as props: a call event changes the transcript, not these controls.
 */
export const CallControls = memo(function CallControls({
  room,
  phase,
  end,
  sendMessage,
}: Pick<CallSession, 'room' | 'phase' | 'end' | 'sendMessage'>) {
  // useVoiceAssistant finds the agent and its track; its state can miss a change (see useAgentState).
  const { audioTrack, agent } = useVoiceAssistant();
  const state = useAgentState(useRoomContext(), agent);
  const { isMicrophoneEnabled, localParticipant } = useLocalParticipant();
  const devices = useMediaDeviceSelect({ kind: 'audioinput', room: room ?? undefined });
  const [message, setMessage] = useState('');
  const [sending, setSending] = useState(false);
  const connected = phase === 'connected';
  const agentState = agent ? (AGENT_STATE_LABEL[state] ?? state) : 'connecting';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = message.trim();
    if (!text) return;
    setSending(true);
    try {
      await sendMessage(text);
      setMessage('');
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="space-y-4">
      <RoomAudioRenderer />
      <div className="flex items-center gap-4">
        <BarVisualizer
          state={state}
          track={audioTrack}
          barCount={7}
          options={{ minHeight: 12 }}
          className="flex h-16 w-40 items-center justify-center gap-1.5 rounded-lg bg-zinc-900 px-3"
          aria-hidden
        >
          <span className="w-3 rounded-full bg-zinc-600 transition-[height] data-[lk-highlighted=true]:bg-indigo-400" />
        </BarVisualizer>
        <div>
          <p className="text-xs tracking-wide text-zinc-500 uppercase">Agent</p>
          <p className="text-lg font-medium text-zinc-900" role="status" aria-live="polite">
            {agentState}
          </p>
        </div>
      </div>
      <StartAudio
        label="Allow audio: the browser paused the agent's voice"
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900"
      />
      <div className="flex flex-wrap items-end gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={!connected}
          aria-pressed={!isMicrophoneEnabled}
          onClick={() => void localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled)}
        >
          {isMicrophoneEnabled ? (
            <Mic aria-hidden className="size-4" />
          ) : (
            <MicOff aria-hidden className="size-4" />
          )}
          {isMicrophoneEnabled ? 'Mute' : 'Unmute'}
        </Button>
        <label className="min-w-48 flex-1 text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Microphone</span>
          <Select
            value={devices.activeDeviceId}
            disabled={!connected || devices.devices.length === 0}
            onChange={(e) => void devices.setActiveMediaDevice(e.target.value)}
          >
            {devices.devices.length === 0 ? <option value="">No microphone found</option> : null}
            {devices.devices.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || 'Microphone'}
              </option>
            ))}
          </Select>
        </label>
        <Button
          type="button"
          variant="danger"
          onClick={() => void end()}
          disabled={!connected && phase !== 'connecting'}
        >
          <PhoneOff aria-hidden className="size-4" />
          End call
        </Button>
      </div>
      <form onSubmit={(e) => void submit(e)} className="flex gap-2">
        <label className="sr-only" htmlFor="call-message">
          Type to the agent
        </label>
        <Input
          id="call-message"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Type to the agent instead of speaking"
          disabled={!connected}
          autoComplete="off"
        />
        <Button
          type="submit"
          variant="secondary"
          disabled={!connected || !message.trim()}
          pending={sending}
        >
          <Send aria-hidden className="size-4" />
          Send
        </Button>
      </form>
    </div>
  );
});
