/**
 * The demo session run to its close through the rules and the fold, as the app does: scored,
 * supervised, every discrepancy arbitrated by the leader, countersigned and closed. For tests of
 * what comes after the day (publication, reviews, certificates).
 */
import { demoSite } from '../../shared/domain/demoSite';
import { checkCommand, type CommandContext } from '../../shared/domain/rules';
import { candidateResult, completeness, sessionResults } from '../../shared/domain/scoring';
import type { EventDraft } from '../../shared/ledger/append';
import { applyIncrementally, project, type SiteState } from '../../shared/state/project';
import { extendChain, newChain } from './chains';

export function closedDemoSession(seed = 2026) {
  const site = demoSite(seed);
  const state: SiteState = project([]);
  const chain = newChain();
  /** Writes drafts as the app would, throwing on a refusal. */
  const run = (drafts: EventDraft[], context: CommandContext = {}) => {
    for (const draft of drafts) {
      const problem = checkCommand(state, draft, context);
      if (problem) throw new Error(`${draft.type}: ${problem.code} ${JSON.stringify(problem.params ?? {})}`);
      applyIncrementally(state, extendChain(chain, [draft]));
    }
  };
  run([...site.setup, ...site.scoring, ...site.supervision('c'.repeat(64))]);
  for (const problem of completeness(state, site.session))
    for (const d of candidateResult(state, site.session, problem.candidate!).discrepancies)
      run([
        {
          actor: site.examiners[0]!,
          type: 'score.arbitrated',
          body: {
            session: site.session,
            candidate: problem.candidate!,
            item: d.item,
            points: d.low / 100,
            reason: '组长复核',
          },
        },
      ]);
  run([
    { actor: site.manager, type: 'session.countersigned', body: { session: site.session, role: 'manager' } },
    { actor: site.supervisor, type: 'session.countersigned', body: { session: site.session, role: 'supervisor' } },
    { actor: site.manager, type: 'session.closed', body: { session: site.session } },
  ]);
  /**
   * The district's certificate numbers for the passers, as a plan brings them (written by the
   * device on import): 3710022026SD-JDHBB-00100001 … in ticket order. Returns the passers.
   */
  const assignCertificates = () => {
    const passed = sessionResults(state, site.session).candidates.filter((r) => r.status === 'scored' && r.pass);
    run([
      {
        actor: 'device',
        type: 'certificates.assigned',
        body: {
          plan: '0193a5b2-0000-4000-8000-000000000001',
          certificates: passed.map((r, i) => ({
            session: site.session,
            candidate: r.candidate,
            number: `3710022026SD-JDHBB-001${String(i + 1).padStart(5, '0')}`,
          })),
        },
      },
    ]);
    return passed;
  };
  return { site, state, chain, run, assignCertificates };
}
