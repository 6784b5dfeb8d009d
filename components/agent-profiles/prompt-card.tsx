'use client';

import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, Select, Textarea } from '@/components/ui/field';
import {
  parseUnbackedClaims,
  UNBACKED_CLAIMS,
  UNBACKED_CLAIMS_LABELS,
  type ProfileContent,
} from '@/lib/agent-config/profile-content';
import { REALTIME_MODELS, REALTIME_VOICES } from '@/lib/agent-config/realtime-options';
import type { FieldErrors } from '@/lib/errors';

/** Keeps a value that is not in the known list selectable, so an old version is shown as it is. */
function withCurrent(
  options: ReadonlyArray<{ value: string; label: string }>,
  current: string,
): ReadonlyArray<{ value: string; label: string }> {
  return options.some((o) => o.value === current)
    ? options
    : [...options, { value: current, label: `${current} (not in the list; choose another)` }];
}

/** The prompt, model and voice of the profile being edited. */
export function PromptCard({
  draft,
  onChange,
  fieldErrors,
  formError,
}: {
  draft: ProfileContent;
  onChange: (next: ProfileContent) => void;
  fieldErrors: FieldErrors;
  formError: string | null;
}) {
  const setDraft = onChange;
  return (
    <Card>
      <CardHeader
        title="Prompt"
        description="Who the agent is and how it talks. The caller hears it: keep answers short."
      />
      <CardBody className="space-y-4">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <Field label="Prompt" errors={fieldErrors.prompt}>
          {(props) => (
            <Textarea
              {...props}
              name="prompt"
              rows={14}
              className="font-mono text-sm"
              value={draft.prompt}
              onChange={(e) => setDraft({ ...draft, prompt: e.target.value })}
            />
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Model" errors={fieldErrors.model} hint="The OpenAI Realtime model.">
            {(props) => (
              <Select
                {...props}
                name="model"
                value={draft.model}
                onChange={(e) => setDraft({ ...draft, model: e.target.value })}
              >
                {withCurrent(REALTIME_MODELS, draft.model).map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Voice" errors={fieldErrors.voice}>
            {(props) => (
              <Select
                {...props}
                name="voice"
                value={draft.voice}
                onChange={(e) => setDraft({ ...draft, voice: e.target.value })}
              >
                {withCurrent(REALTIME_VOICES, draft.voice).map((v) => (
                  <option key={v.value} value={v.value}>
                    {v.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Field
          label="Unbacked claims"
          errors={fieldErrors.unbackedClaims}
          hint="When the agent says it did or found something no tool call in the call backs: mark it on the transcript, or also stop the agent and have it tell the caller the truth."
        >
          {(props) => (
            <Select
              {...props}
              name="unbackedClaims"
              value={draft.unbackedClaims ?? 'correct'}
              onChange={(e) =>
                setDraft({ ...draft, unbackedClaims: parseUnbackedClaims(e.target.value) })
              }
            >
              {UNBACKED_CLAIMS.map((v) => (
                <option key={v} value={v}>
                  {UNBACKED_CLAIMS_LABELS[v]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </CardBody>
    </Card>
  );
}
