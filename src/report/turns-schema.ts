import { z } from 'zod';
import type { TurnStats } from '../metrics/turns.js';
import { DistributionSchema } from './distribution-schema.js';

const count = () => z.number().int().nonnegative();

/**
 * TTFT by conversation turn (2.1, optional): one entry per turn index, in turn order, over the
 * measured window. Present only when the benchmark sent conversations.
 */
export const TurnStatsSchema = z.object({
  turnIndex: count(),
  requests: count(),
  successful: count(),
  ttftMs: DistributionSchema,
});

const _turnsFit: [TurnStats] extends [z.input<typeof TurnStatsSchema>] ? true : false = true;
