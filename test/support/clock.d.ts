/**
 * A session start an hour from now (China time): check-ins written through a ledger with the real
 * clock are judged against the start (late after 15 minutes), as at a site.
 */
export declare function anHourAhead(): string;
