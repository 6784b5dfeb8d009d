'use client';

import { useDeferredValue } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import {
  previewEffectiveInstructions,
  type InstructionsPreviewInput,
} from '@/lib/agent-config/effective-preview';
import { HONESTY_RULE } from '@/lib/agent-config/instructions';

export function HonestyRuleCard() {
  return (
    <Card>
      <CardHeader
        title="Honesty rule"
        description="Built in and added to every call's instructions, whatever the prompt says."
      />
      <CardBody>
        <blockquote
          aria-label="Honesty rule"
          className="border-l-2 border-indigo-300 pl-3 text-sm text-zinc-700"
        >
          {HONESTY_RULE}
        </blockquote>
      </CardBody>
    </Card>
  );
}

/** What a call started now would tell the model, updated as the admin types. */
export function InstructionsPreview({ prompt, ...selection }: InstructionsPreviewInput) {
  // Typing stays responsive on long prompts; the preview catches up a moment later.
  const deferredPrompt = useDeferredValue(prompt);
  const preview = previewEffectiveInstructions({ ...selection, prompt: deferredPrompt });
  return (
    <Card>
      <CardHeader
        title="What the agent is told"
        description={`The full instructions of a call started now: your prompt, the honesty rule, and notices about tools that would be unavailable. ${preview.tools.length} tool${preview.tools.length === 1 ? '' : 's'} in the call.`}
      />
      <CardBody className="space-y-3">
        {preview.unavailable.map(({ server, reason }) => (
          <Alert key={server} tone="warning" title={`${server}: last connection test failed`}>
            {reason}. A call started now would likely go without its tools, and the agent is told
            so.
          </Alert>
        ))}
        <section aria-label="Effective instructions">
          <pre className="max-h-[28rem] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs break-words whitespace-pre-wrap text-zinc-800">
            {preview.text}
          </pre>
        </section>
      </CardBody>
    </Card>
  );
}
