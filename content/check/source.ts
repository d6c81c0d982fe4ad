// Parses one content file (YAML, or JSON as YAML's subset) keeping where each value sits,
// so that a problem found in the parsed value is reported at its line and column.
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Finding, Problem } from './problem.ts';

export interface Position {
  line: number;
  column: number;
}

export interface SourceFile {
  /** Path relative to the content directory. */
  file: string;
  /** The parsed value; undefined when the syntax is broken. */
  value: unknown;
  /** Syntax problems, already placed; when there is one, `value` is not to be trusted. */
  syntax: Problem[];
  /** Where the value (or the key) at `path` starts; the nearest existing parent when absent. */
  locate(path: readonly PropertyKey[], at?: 'key' | 'value'): Position;
  /** Places findings made on `value` in this file. */
  place(findings: readonly Finding[]): Problem[];
}

const START: Position = { line: 1, column: 1 };

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/**
 * Parses a YAML (or JSON) text.
 *
 * @example parseSource('site.yaml', 'town: Belval\n').locate(['town']) // { line: 1, column: 7 }
 */
export function parseSource(file: string, text: string, format: 'yaml' | 'json' = 'yaml'): SourceFile {
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number | undefined): Position => {
    if (offset === undefined) return START;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntax: Problem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    file,
    ...position(e.pos[0]),
    message: firstLine(e.message),
    severity: doc.errors.includes(e) ? 'error' : 'warning',
  }));

  let value: unknown;
  if (format === 'json') {
    // YAML reads more than JSON allows (comments, single quotes): the JSON parser decides.
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      const offset = /position (\d+)/u.exec(String(error))?.[1];
      syntax.push({
        file,
        ...position(offset === undefined ? undefined : Number(offset)),
        message: `invalid JSON: ${firstLine(error instanceof Error ? error.message : String(error))}`,
        severity: 'error',
      });
    }
  } else if (!doc.errors.length) value = doc.toJS({ maxAliasCount: 100 }) as unknown;

  const locate = (path: readonly PropertyKey[], at: 'key' | 'value' = 'value'): Position => {
    let node: unknown = doc.contents;
    let found: Position = position(doc.contents?.range[0]);
    for (const [i, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      let keyNode: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return found;
        keyNode = pair.key as Node;
        next = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      } else return found;
      const last = i === path.length - 1;
      // A block map or list starts on the line after its key: the key is where an editor looks.
      const keyFirst = (last && (at === 'key' || isMap(next) || isSeq(next))) || next === null || next === undefined;
      const target = keyFirst && keyNode ? keyNode : (next as Node | undefined);
      if (!target?.range) return found;
      found = position(target.range[0]);
      if (target === keyNode) return found;
      node = next;
    }
    return found;
  };

  const place = (findings: readonly Finding[]): Problem[] =>
    findings.map((f) => ({
      file,
      ...locate(f.path, f.at),
      message: f.message,
      severity: f.severity ?? 'error',
    }));

  return { file, value, syntax, locate, place };
}
