import { describe, expect, it } from 'vitest';
import { failureOf } from './camera.ts';

describe('failureOf', () => {
  it("turns getUserMedia's errors into what the person is told", () => {
    expect(failureOf(new DOMException('x', 'NotAllowedError'))).toBe('refused');
    expect(failureOf(new DOMException('x', 'SecurityError'))).toBe('refused');
    expect(failureOf(new DOMException('x', 'NotReadableError'))).toBe('busy');
    expect(failureOf(new DOMException('x', 'AbortError'))).toBe('busy');
    expect(failureOf(new DOMException('x', 'NotFoundError'))).toBe('none');
    expect(failureOf(new DOMException('x', 'OverconstrainedError'))).toBe('none');
    expect(failureOf('something else')).toBe('none');
  });
});
