import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuichetError } from './errors.ts';
import { MAX_JSON_DEPTH, jsonDepth, parseSafeJson } from './safe-json.ts';

const codeOf = (text: string) => {
  try {
    parseSafeJson(text);
    return 'ok';
  } catch (error) {
    return error instanceof GuichetError ? error.code : 'crash';
  }
};

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['[]', 1],
    ['{"a": [1, {"b": []}]}', 4],
    ['"[[[["', 0],
    ['{"a\\"[[": "\\\\"}', 1],
  ])('counts %s as %i', (text, depth) => expect(jsonDepth(text)).toBe(depth));

  it('agrees with the depth of any JSON value', () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(jsonDepth(JSON.stringify(v))).toBe(depthOf(v));
      }),
    );
  });
});

describe('parseSafeJson', () => {
  it('parses ordinary JSON', () => {
    expect(parseSafeJson('{"a": [1, "x", {"b": null}]}')).toEqual({ a: [1, 'x', { b: null }] });
  });

  it('refuses prototype keys at any depth, however they are written', () => {
    for (const text of ['{"__proto__": 1}', '[{"a": {"constructor": 1}}]', '{"\\u0070rototype": {}}'])
      expect(codeOf(text)).toBe('forbidden-key');
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}`, () => {
    expect(codeOf('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe('ok');
    expect(codeOf('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe('body-too-deep');
    expect(codeOf('['.repeat(1_000_000))).toBe('body-too-deep');
  });

  it('only ever throws its own errors', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(codeOf(text)).not.toBe('crash');
      }),
    );
  });
});
