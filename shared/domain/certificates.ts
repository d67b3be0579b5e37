/**
 * Certificate numbers (证书编号) under the unified coding rule (统一编码, the seed notice §三(四)):
 * the district assigns one to each passer of a closed session, from a template of the region
 * code, the year, the specification code and a serial — `{region}{year}{spec}{serial:5}` gives
 * 37100220260301200001. A serial counts per prefix (everything the template makes before it)
 * and only goes up, so a number is never made twice and never reused. The authority stores the
 * numbers (authority/service.ts) and sends them back to the site in a signed plan; the site
 * prints them on the 合格人员花名册 and the 补贴申领花名册.
 */
import type { SiteState } from '../state/project';
import { sessionResults, specOfSession } from './scoring';

/** The default template: region, year, specification code, a five-digit serial. */
export const defaultCertificateRule = '{region}{year}{spec}{serial:5}';

const tokenPattern = /\{(region|year|spec|serial(?::(\d{1,2}))?)\}/g;

export type CertificateRuleProblem = 'no_serial' | 'serial_not_last' | 'unknown_token' | 'bad_characters';

/** Why a template cannot number certificates, or undefined when it can. */
export function checkCertificateRule(rule: string): CertificateRuleProblem | undefined {
  const withoutTokens = rule.replace(tokenPattern, '');
  if (/[{}]/.test(withoutTokens)) return 'unknown_token';
  if (!/^[A-Za-z0-9-]*$/.test(withoutTokens)) return 'bad_characters';
  const serials = [...rule.matchAll(tokenPattern)].filter((m) => m[1]!.startsWith('serial'));
  if (serials.length !== 1) return 'no_serial';
  // The serial ends the number, so that the prefix before it identifies its counter.
  if (!rule.endsWith(serials[0]![0])) return 'serial_not_last';
  return undefined;
}

export interface CertificateFacts {
  region: string;
  /** The assessment year (of the session's start). */
  year: string;
  spec: string;
}

/** The prefix a template makes for a passer: the number without its serial (the counter's key). */
export function certificatePrefix(rule: string, facts: CertificateFacts): string {
  return rule.replace(tokenPattern, (_, token: string) => {
    const value =
      token === 'region' ? facts.region : token === 'year' ? facts.year : token === 'spec' ? facts.spec : '';
    return value.replace(/[^A-Za-z0-9-]/g, '');
  });
}

/** The whole number: the prefix and the serial, zero-padded to the template's width. */
export function certificateNumber(rule: string, facts: CertificateFacts, serial: number): string {
  const width = Number(/\{serial(?::(\d{1,2}))?\}/.exec(rule)?.[1] ?? 1);
  return `${certificatePrefix(rule, facts)}${String(serial).padStart(width, '0')}`;
}

export interface Passer {
  session: string;
  candidate: string;
  facts: Omit<CertificateFacts, 'region'>;
}

/**
 * The passers of every closed session in the state, in session start then ticket order: the
 * candidates a certificate number is due to (a result changed on review counts as it stands).
 */
export function passers(state: SiteState): Passer[] {
  return Object.values(state.sessions)
    .filter((s) => s.status === 'closed')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
    .flatMap((session) => {
      const spec = specOfSession(state, session.id);
      if (!spec) return [];
      return sessionResults(state, session.id)
        .candidates.filter((r) => r.status === 'scored' && r.pass)
        .map((r) => ({
          session: session.id,
          candidate: r.candidate,
          facts: { year: session.startsAt.slice(0, 4), spec: spec.code },
        }));
    });
}
