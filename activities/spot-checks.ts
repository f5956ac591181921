/**
 * 9.2.5 the daily spot-check sample's activity (workflows/spot-check-sample.ts): draws the working
 * day's sample unless it is drawn already, so a retried activity or a second run draws nothing new.
 */
import { SpotChecks } from '../services/reporting/spot-checks.ts';

export interface SpotCheckDrawResult {
  day: string;
  /** Whether the calendar makes `day` a working day: on a day off nothing is drawn. */
  workingDay: boolean;
  closedDays: string[];
  seed: string | null;
  items: number;
  /** Drawn by this call; false when it was drawn before (by an earlier run or the first ask of the list). */
  drawnNow: boolean;
}

export function createSpotCheckActivities(deps: { spotChecks: SpotChecks }) {
  return {
    /** Draws the sample of `day`, or of the Kyiv date of `at` when no day is given. */
    async drawSpotCheckSample(input: { day?: string; at: string }): Promise<SpotCheckDrawResult> {
      const day = input.day ?? SpotChecks.dayOf(new Date(input.at));
      const { list, drawn } = await deps.spotChecks.draw(day);
      return { day, workingDay: list.seed !== null, closedDays: list.closedDays, seed: list.seed, items: list.items.length, drawnNow: drawn };
    },
  };
}

export type SpotCheckActivities = ReturnType<typeof createSpotCheckActivities>;
