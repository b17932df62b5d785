import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Every name `src/index.ts` exports, values and types alike, read from its source. */
function exportedNames(): string[] {
  const source = readFileSync(join(root, 'src', 'index.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part.trim().replace(/^type\s+/, '');
      if (name === '') continue;
      const [local, alias] = name.split(/\s+as\s+/);
      names.add((alias ?? local)!.trim());
    }
  }
  for (const match of source.matchAll(
    /export\s+(?:const|function|class|type|interface)\s+(\w+)/g,
  )) {
    names.add(match[1]!);
  }
  return [...names].sort();
}

describe('docs/reference/api.md', () => {
  it('names every export of the package entry in code', () => {
    const doc = readFileSync(join(root, 'docs', 'reference', 'api.md'), 'utf8');
    const spans = [...doc.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const names = exportedNames();
    expect(names.length).toBeGreaterThan(200);
    const missing = names.filter(
      (name) => !spans.some((span) => new RegExp(`\\b${name}\\b`).test(span)),
    );
    expect(missing).toEqual([]);
  });
});
