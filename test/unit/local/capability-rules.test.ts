import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../functions/capabilities.js';
import { compileEventPattern } from '../../../infra/local/event-pattern.js';
import { rulesOf } from '../../../shared/capability/define.js';

describe('every rule of every capability', () => {
  it('uses only the pattern operators the local bus supports', () => {
    const refused: string[] = [];
    for (const capability of capabilities) {
      for (const rule of rulesOf(capability)) {
        try {
          compileEventPattern(rule.eventPattern);
        } catch (error) {
          refused.push(`${capability.name}/${rule.id}: ${String(error)}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});
