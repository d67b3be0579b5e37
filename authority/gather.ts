/**
 * Group commit's gathering (issue 18): items submitted while a group is being stored wait and go
 * together in the next one, so concurrent acceptances share one transaction and one durable
 * commit. Nobody is answered before their group has committed; if a group fails, every item in
 * it gets the error. `concurrency` groups may be in flight at once (SQLite: one writer;
 * PostgreSQL: several connections, each its own transaction).
 */
export interface GatherOptions {
  /**
   * How long the first item of a group waits for others, in ms (0: only those already waiting
   * when the event loop turns — the default; a busy service gathers large groups by itself).
   */
  windowMs?: number;
  /** A group starts at once when this many wait; 1 turns grouping off (a commit per item). */
  maxGroup?: number;
  /** Groups in flight at once. */
  concurrency?: number;
}

export interface Gatherer<I, O> {
  submit(item: I): Promise<O>;
  /** Groups stored so far (for tests and the load figures). */
  groups(): number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/** Runs `fn` after `ms`, or (0) once the event loop has taken in what has already arrived. */
function later(fn: () => void, ms: number): { cancel(): void } {
  if (ms > 0) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  }
  const handle = setImmediate(fn);
  return { cancel: () => clearImmediate(handle) };
}

/** `store(items)` stores a group and answers each item, in order. */
export function gather<I, O>(
  store: (items: I[]) => Promise<O[]>,
  { windowMs = 0, maxGroup = 256, concurrency = 1 }: GatherOptions = {},
): Gatherer<I, O> {
  const waiting: Waiting<I, O>[] = [];
  let inFlight = 0;
  let stored = 0;
  let timer: { cancel(): void } | undefined;

  const start = () => {
    timer?.cancel();
    timer = undefined;
    while (inFlight < concurrency && waiting.length > 0) {
      const group = waiting.splice(0, maxGroup);
      inFlight += 1;
      store(group.map((w) => w.item))
        .then(
          (outcomes) => {
            stored += 1;
            group.forEach((w, i) => w.resolve(outcomes[i]!));
          },
          (error: unknown) => group.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          inFlight -= 1;
          // The next group starts after the event loop has turned, never straight from this one's
          // end: a chain of groups that each start in a microtask never let the service read its
          // sockets (a commit per batch kept requests waiting 15 s).
          if (waiting.length > 0) timer ??= later(start, 0);
        });
    }
  };
  const schedule = () => {
    if (waiting.length === 0 || inFlight >= concurrency) return;
    if (waiting.length >= maxGroup) start();
    else timer ??= later(start, windowMs);
  };
  return {
    submit: (item) =>
      new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      }),
    groups: () => stored,
  };
}
