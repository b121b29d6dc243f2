import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../functions/capabilities.js';
import { compileEventPattern } from '../../../infra/local/event-pattern.js';
import { rulesOf } from '../../../shared/capability/define.js';

describe('every rule of every manifest', () => {
  it('uses only the pattern operators the local bus supports', () => {
    const refused: string[] = [];
    for (const manifest of capabilities) {
      for (const rule of rulesOf(manifest)) {
        try {
          compileEventPattern(rule.eventPattern);
        } catch (error) {
          refused.push(`${manifest.name}/${rule.id}: ${String(error)}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});
