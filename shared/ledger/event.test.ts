import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendChain, newChain, noteDrafts } from '../../test/support/chains';
import { canonicalize } from './canonical';
import { eventSchema, parseEvent } from './event';

const [valid] = extendChain(newChain(), noteDrafts(1));

describe('the envelope check', () => {
  it('passes exactly what the schema passes (the hand-written fast path never lets more through)', () => {
    const mutate = fc.oneof(
      fc.record({
        member: fc.constantFrom('v', 'device', 'seq', 'prev', 'id', 'at', 'hlc', 'actor', 'type', 'body', 'extra'),
        value: fc.oneof(
          fc.jsonValue(),
          fc.constantFrom(
            0,
            1,
            1.5,
            -1,
            2 ** 53,
            '',
            'device',
            'note.logged',
            'NOTE',
            '2026-02-30T10:00:00.000+08:00',
            null,
            [],
            {},
            valid!.device,
            valid!.prev,
            valid!.id,
          ),
        ),
      }),
      fc.record({ drop: fc.constantFrom('v', 'device', 'seq', 'prev', 'id', 'at', 'hlc', 'actor', 'type', 'body') }),
    );
    fc.assert(
      fc.property(fc.array(mutate, { maxLength: 3 }), (changes) => {
        const event: Record<string, unknown> = structuredClone(valid!) as unknown as Record<string, unknown>;
        for (const change of changes) {
          if ('drop' in change) delete event[change.drop];
          else event[change.member] = change.value;
        }
        const schemaSays = eventSchema.safeParse(event).success;
        let parsed: unknown;
        try {
          parsed = parseEvent(event);
        } catch {
          parsed = undefined;
        }
        expect(parsed !== undefined).toBe(schemaSays);
        if (parsed) expect(canonicalize(parsed)).toBe(canonicalize(eventSchema.parse(event)));
      }),
      { numRuns: 3000 },
    );
  });
});
