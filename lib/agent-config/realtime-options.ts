/**
 * The Realtime models and voices an admin can choose for a profile. The OpenAI plugin
 * (@livekit/agents-plugin-openai 1.9) types both as open strings: its `Voice` union names
 * alloy, shimmer, echo, ash, ballad, coral, sage and verse, and its RealtimeModel defaults to
 * model "gpt-realtime" with voice "marin". The model list is the Realtime models the plugin is
 * used with here; its `Model` union names only a dated preview snapshot.
 */
import { DEFAULT_MODEL, DEFAULT_VOICE } from './defaults';

export const REALTIME_MODELS = [
  { value: DEFAULT_MODEL, label: `${DEFAULT_MODEL} (default)` },
  { value: 'gpt-realtime-mini', label: 'gpt-realtime-mini' },
  { value: 'gpt-4o-realtime-preview', label: 'gpt-4o-realtime-preview' },
  { value: 'gpt-4o-mini-realtime-preview', label: 'gpt-4o-mini-realtime-preview' },
] as const;

export const REALTIME_VOICES = [
  { value: DEFAULT_VOICE, label: 'Marin (default)' },
  { value: 'alloy', label: 'Alloy' },
  { value: 'ash', label: 'Ash' },
  { value: 'ballad', label: 'Ballad' },
  { value: 'coral', label: 'Coral' },
  { value: 'echo', label: 'Echo' },
  { value: 'sage', label: 'Sage' },
  { value: 'shimmer', label: 'Shimmer' },
  { value: 'verse', label: 'Verse' },
] as const;

export type RealtimeModelName = (typeof REALTIME_MODELS)[number]['value'];
export type RealtimeVoiceName = (typeof REALTIME_VOICES)[number]['value'];

export const REALTIME_MODEL_NAMES = REALTIME_MODELS.map((m) => m.value) as [
  RealtimeModelName,
  ...RealtimeModelName[],
];
export const REALTIME_VOICE_NAMES = REALTIME_VOICES.map((v) => v.value) as [
  RealtimeVoiceName,
  ...RealtimeVoiceName[],
];
