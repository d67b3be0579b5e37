/**
 * The hybrid logical clock of FORMATS.md §2: "WWWWWWWWWWWWWWW-CCCCC", 15 digits of Unix
 * milliseconds and 5 digits of counter, so that string order is time order.
 */
export const hlcPattern = /^\d{15}-\d{5}$/;
const maxCounter = 99_999;

export interface HlcParts {
  wall: number;
  counter: number;
}

export function parseHlc(hlc: string): HlcParts {
  return { wall: Number(hlc.slice(0, 15)), counter: Number(hlc.slice(16)) };
}

export function formatHlc({ wall, counter }: HlcParts): string {
  return `${String(wall).padStart(15, '0')}-${String(counter).padStart(5, '0')}`;
}

/**
 * The clock value for a new event: wall = max(last wall, now); counter = last counter + 1 when
 * the wall did not move, else 0; past 99999 the wall moves on by 1 ms.
 */
export function nextHlc(last: string | undefined, nowMs: number): string {
  if (!last) return formatHlc({ wall: Math.floor(nowMs), counter: 0 });
  const previous = parseHlc(last);
  const wall = Math.max(previous.wall, Math.floor(nowMs));
  if (wall !== previous.wall) return formatHlc({ wall, counter: 0 });
  if (previous.counter < maxCounter) return formatHlc({ wall, counter: previous.counter + 1 });
  return formatHlc({ wall: wall + 1, counter: 0 });
}

/** After importing other devices' events: the own clock lifted to at least the highest imported value. */
export function liftHlc(own: string | undefined, highestImported: string | undefined): string | undefined {
  if (!highestImported) return own;
  if (!own) return highestImported;
  return highestImported > own ? highestImported : own;
}
