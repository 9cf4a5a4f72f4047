import { describe, expect, it } from 'vitest';
import {
  anthropicPrefix,
  chatPrefix,
  estimateTokens,
  geminiPrefix,
  responsesPrefix,
} from '../../src/clients/index.js';

const ephemeral = { type: 'ephemeral' };
const tool = {
  name: 'lookup_policy',
  description: 'Finds a policy by number.',
  input_schema: { type: 'object', properties: { id: { type: 'string' } } },
};

describe('estimateTokens', () => {
  it('should count one token per 4 characters, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(4096))).toBe(1024);
  });
});

describe('anthropicPrefix', () => {
  describe('when the request has no cache breakpoint', () => {
    it('should return undefined', () => {
      expect(
        anthropicPrefix({
          system: 'You review claims.',
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      ).toBeUndefined();
    });
  });

  describe('when the request has breakpoints', () => {
    const request = (question: string, ttl: object = ephemeral) => ({
      tools: [tool],
      system: [
        { type: 'text', text: 'You review claims.', cache_control: ttl },
      ],
      messages: [{ role: 'user', content: question }],
    });

    it('should ignore what follows the last breakpoint', () => {
      const first = anthropicPrefix(request('Is claim 4471 covered?'));
      const second = anthropicPrefix(request('Is claim 4472 covered?'));

      expect(first?.prefixHash).toMatch(/^[0-9a-f]{32}$/);
      expect(second).toEqual(first);
    });

    it('should ignore the breakpoint TTL and key order', () => {
      const reordered = {
        messages: [{ content: 'x', role: 'user' }],
        system: [
          {
            cache_control: { type: 'ephemeral', ttl: '1h' },
            text: 'You review claims.',
            type: 'text',
          },
        ],
        tools: [tool],
      };

      expect(anthropicPrefix(reordered)).toEqual(anthropicPrefix(request('y')));
    });

    it('should change when the cached content changes', () => {
      const changedTool = { ...request('x'), tools: [{ ...tool, name: 'b' }] };

      expect(anthropicPrefix(changedTool)?.prefixHash).not.toBe(
        anthropicPrefix(request('x'))?.prefixHash,
      );
    });

    it('should extend to a breakpoint in the messages', () => {
      const withMessageBreakpoint = {
        system: 'You review claims.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Policy text', cache_control: ephemeral },
              { type: 'text', text: 'Question' },
            ],
          },
        ],
      };

      // [{"text":"You review claims.","type":"text"},
      //  {"role":"user","text":"Policy text","type":"text"}]
      // = 1 + 43 + 1 + 50 + 1 = 96 characters: 96 / 4 = 24.
      expect(anthropicPrefix(withMessageBreakpoint)?.prefixTokens).toBe(24);
    });
  });
});

describe('chatPrefix', () => {
  it('should hash tools and the leading system messages only', () => {
    const request = (question: string) => ({
      tools: [{ type: 'function', function: { name: 'lookup_policy' } }],
      messages: [
        { role: 'system', content: 'You review claims.' },
        { role: 'user', content: question },
      ],
    });

    expect(chatPrefix(request('a'))).toEqual(chatPrefix(request('b')));
    expect(chatPrefix(request('a'))?.prefixHash).not.toBe(
      chatPrefix({ messages: request('a').messages })?.prefixHash,
    );
  });

  it('should return undefined without tools or instructions', () => {
    expect(
      chatPrefix({ messages: [{ role: 'user', content: 'Hi' }] }),
    ).toBeUndefined();
  });
});

describe('responsesPrefix', () => {
  it('should hash instructions and leading developer input', () => {
    const request = (question: string) => ({
      instructions: 'You review claims.',
      input: [
        { role: 'developer', content: 'Answer in one line.' },
        { role: 'user', content: question },
      ],
    });

    expect(responsesPrefix(request('a'))).toEqual(
      responsesPrefix(request('b')),
    );
    expect(responsesPrefix({ input: 'Hi' })).toBeUndefined();
  });
});

describe('geminiPrefix', () => {
  it('should hash the config tools and system instruction', () => {
    // [{"systemInstruction":"You review claims."}] is 2 + 19 + 1 + 20 + 2
    // = 44 characters: 44 / 4 = 11 tokens.
    const fingerprint = geminiPrefix({
      model: 'gemini-2.5-flash',
      contents: 'Is claim 4471 covered?',
      config: { systemInstruction: 'You review claims.' },
    });

    expect(fingerprint?.prefixTokens).toBe(11);
    expect(geminiPrefix({ contents: 'Hi' })).toBeUndefined();
  });
});
