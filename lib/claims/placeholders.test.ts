import { describe, expect, it } from 'vitest';
import { findPlaceholderArgument, isPlaceholder } from './placeholders';

describe('isPlaceholder', () => {
  it('knows a template placeholder that stands for a whole value', () => {
    for (const v of [
      "[Recipient's Email]",
      '[recipient email]',
      '<email>',
      '<Your Name>',
      '{{to}}',
      '{{ recipient.email }}',
      '${userName}',
      '{name}',
      'YOUR_API_KEY',
      'INSERT_NAME_HERE',
      'EMAIL_HERE',
      '(phone number)',
      '__TOKEN__',
    ])
      expect(isPlaceholder(v), v).toBe(true);
  });

  it('lets ordinary text with brackets in it through', () => {
    for (const v of [
      'ann@example.com',
      'Agenda [draft] attached',
      '[urgent]',
      '[1, 2]',
      '<b>',
      'Meeting notes (final)',
      'See {this} and [that]',
      'Hello <Ann>, here is the email',
      'API',
      'Your table is ready',
      '',
    ])
      expect(isPlaceholder(v), v).toBe(false);
  });
});

describe('findPlaceholderArgument', () => {
  it('finds one at any depth and says where', () => {
    expect(findPlaceholderArgument({ to: "[Recipient's Email]", subject: 'Hi' })).toEqual({
      path: 'to',
      value: "[Recipient's Email]",
    });
    expect(findPlaceholderArgument({ message: { cc: ['bob@example.com', '<email>'] } })).toEqual({
      path: 'message.cc[1]',
      value: '<email>',
    });
    expect(findPlaceholderArgument({ to: 'ann@example.com', n: 3, ok: true })).toBeNull();
  });
});
