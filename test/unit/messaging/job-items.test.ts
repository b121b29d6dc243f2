import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../shared/dynamodb/items.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';

describe('JobItems: one item of a job failing never stops the others', () => {
  it('runs every item, dead-letters each failure with its code and ids only, and counts them', async () => {
    // Prepare
    const letters: DeadLetter[] = [];
    const items = new JobItems('regrade', { send: async (letter) => void letters.push(letter) });
    const done: string[] = [];
    const work = async (id: string) => {
      if (id === 'c2') throw new CorruptItemError('month counter', ['success.count']);
      if (id === 'c3') throw new Error('value 13800138000 in the message');
      done.push(id);
      return id;
    };

    // Act
    const outcomes = [];
    for (const id of ['c1', 'c2', 'c3', 'c4'])
      outcomes.push(await items.run({ kind: 'customer', id }, () => work(id)));

    // Assess
    expect(done).toEqual(['c1', 'c4']);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, false, true]);
    expect(items.failed).toBe(2);
    expect(letters).toEqual([
      {
        code: 'RECORD_UNREADABLE',
        reason: 'Stored month counter item does not have the expected shape (success.count)',
        fields: [],
        event: { job: 'regrade', item: { kind: 'customer', id: 'c2' } },
      },
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: 'regrade', item: { kind: 'customer', id: 'c3' } },
      },
    ]);
    expect(JSON.stringify(letters)).not.toContain('13800138000');
  });

  it('goes on when the dead letter itself cannot be sent', async () => {
    // Prepare
    const items = new JobItems('shred', {
      send: async () => {
        throw new Error('QueueDoesNotExist');
      },
    });

    // Act
    const failed = await items.run({ kind: 'customer', id: 'c1' }, async () => {
      throw new Error('boom');
    });
    const next = await items.run({ kind: 'customer', id: 'c2' }, async () => 'shredded');

    // Assess
    expect(failed).toEqual({ ok: false });
    expect(next).toEqual({ ok: true, value: 'shredded' });
  });
});
