import { z } from 'zod';
import { CallEvent } from './schema';

/** What POST /api/calls answers: the browser reads it through this schema. */
export const StartCallResponse = z.object({
  callId: z.string().min(1),
  token: z.string().min(1),
  url: z.string().min(1),
  roomName: z.string().min(1),
});
export type StartCallResponse = z.infer<typeof StartCallResponse>;

/** The error body every route handler answers with (lib/errors toErrorResponse). */
export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** What GET /api/calls/:id/events/stored answers: the caller's page reads it through this. */
export const StoredEventsResponse = z.object({ events: z.array(CallEvent) });
export type StoredEventsResponse = z.infer<typeof StoredEventsResponse>;
