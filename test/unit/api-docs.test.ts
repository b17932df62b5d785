import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe('docs/reference/api.md', () => {
  it('lists every value the package exports', async () => {
    const doc = await readFile('docs/reference/api.md', 'utf8');
    // A name is listed as `name`, or as a call: `name(args)`.
    const missing = Object.keys(api).filter(
      (name) => !doc.includes(`\`${name}\``) && !doc.includes(`\`${name}(`),
    );
    expect(missing).toEqual([]);
  });
});
