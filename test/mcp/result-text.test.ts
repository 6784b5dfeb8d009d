import { describe, expect, it } from 'vitest';
import { resultErrorText, resultToModelText } from '@/lib/mcp/result-text';

describe('resultToModelText', () => {
  it('joins text content', () => {
    expect(
      resultToModelText(
        {
          content: [
            { type: 'text', text: 'one' },
            { type: 'text', text: 'two' },
          ],
        },
        1000,
      ),
    ).toEqual({ text: 'one\ntwo', cut: null });
  });

  it('uses structuredContent as JSON when there is no text', () => {
    expect(resultToModelText({ content: [], structuredContent: { sum: 5 } }, 1000).text).toBe(
      '{"sum":5}',
    );
    expect(
      resultToModelText(
        { content: [{ type: 'text', text: '5' }], structuredContent: { sum: 5 } },
        1000,
      ).text,
    ).toBe('5');
  });

  it('describes images, audio and resources instead of dumping base64', () => {
    const data = Buffer.alloc(3000, 1).toString('base64');
    const { text } = resultToModelText(
      {
        content: [
          { type: 'image', data, mimeType: 'image/png' },
          { type: 'audio', data, mimeType: 'audio/wav' },
          { type: 'resource_link', uri: 'file:///r.txt', name: 'r.txt', mimeType: 'text/plain' },
          { type: 'resource', resource: { uri: 'file:///a.txt', text: 'inline text' } },
          {
            type: 'resource',
            resource: { uri: 'file:///b.bin', blob: data, mimeType: 'application/octet-stream' },
          },
        ],
      },
      10_000,
    );
    expect(text).not.toContain(data.slice(0, 40));
    expect(text).toContain('[image: image/png, 2.9 KB; not shown to the model]');
    expect(text).toContain('[audio: audio/wav, 2.9 KB');
    expect(text).toContain('[resource link: r.txt (file:///r.txt, text/plain)]');
    expect(text).toContain('[resource file:///a.txt]\ninline text');
    expect(text).toContain('[resource: file:///b.bin, application/octet-stream, 2.9 KB');
  });

  it('says when there was no content', () => {
    expect(resultToModelText({ content: [] }, 100).text).toBe('(the tool returned no content)');
  });

  it('cuts to the UTF-8 budget on a character boundary, with a marker saying how much', () => {
    const text = 'ü'.repeat(1000); // 2 bytes each
    const result = resultToModelText({ content: [{ type: 'text', text }] }, 501);
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(501);
    expect(result.cut!.originalBytes).toBe(2000);
    expect(result.cut!.keptBytes % 2).toBe(0);
    expect(result.text).not.toContain('\uFFFD');
    expect(result.text).toContain(
      `only the first ${result.cut!.keptBytes} bytes are shown, ${2000 - result.cut!.keptBytes} bytes were left out`,
    );
  });

  it('does not cut what fits exactly', () => {
    expect(resultToModelText({ content: [{ type: 'text', text: 'abc' }] }, 3)).toEqual({
      text: 'abc',
      cut: null,
    });
  });
});

describe('resultErrorText', () => {
  it('says plainly that the tool failed', () => {
    expect(
      resultErrorText({ isError: true, content: [{ type: 'text', text: 'Mailbox full' }] }),
    ).toBe('The tool reported an error: Mailbox full');
    expect(resultErrorText({ isError: true, content: [] })).toBe(
      'The tool reported an error without a message.',
    );
  });
});
