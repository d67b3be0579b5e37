/** Test helpers: chains of events and batches made with the same shared/ code the app uses. */
import { type ChainHead, type EventDraft } from '../../shared/ledger/append';
import type { LedgerEvent } from '../../shared/ledger/event';
export interface TestChain {
    device: string;
    events: LedgerEvent[];
    hashes: string[];
    head: ChainHead | undefined;
}
export declare function newChain(device?: string): TestChain;
/** Appends events to the chain with a clock that moves 1 s per event. */
export declare function extendChain(chain: TestChain, drafts: EventDraft[], floor?: string): LedgerEvent[];
export declare function noteDrafts(count: number, session?: string): EventDraft[];
