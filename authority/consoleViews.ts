/**
 * What the console shows (issue 17), read from the store: the overview's figures, the sites'
 * results folded from the events each site's devices sent, the sync record and the quarantine
 * with its reviews. Plain functions over the service, as the command line's are.
 */
import { resultsTable, type ExportTable } from '../shared/domain/exports';
import { sessionResults } from '../shared/domain/scoring';
import type { LedgerEvent } from '../shared/ledger/event';
import { formatTime } from '../shared/ledger/ids';
import { fingerprint } from '../shared/ledger/signing';
import { project } from '../shared/state/project';
import type { Receipt } from '../shared/sync/schemas';
import type { Service } from './service';
import type { DeviceRow } from './store';

const time = (ms: number | null) => (ms === null ? null : formatTime(ms, 480));

/** The columns of the district's results file (the provincial system's). */
export const districtResultColumns = [
  'session',
  'ticket',
  'name',
  'idNumber',
  'sex',
  'trainingUnit',
  'parts',
  'final',
  'result',
] as const;

/** The district's results file: every session's candidates, as the site computed them. */
export function resultRows(events: LedgerEvent[]): ExportTable {
  const state = project(events);
  return resultsTable(state, Object.keys(state.sessions), districtResultColumns);
}

interface SiteEvents {
  site: string;
  events: LedgerEvent[];
  /** Events held but flagged: an unknown type or a body the schema refuses (FORMATS.md §8). */
  flagged: { device: string; seq: number; type: string; flag: string }[];
}

/** The events held, by the site of the device that sent them. */
async function eventsBySite(service: Service): Promise<Map<string, SiteEvents>> {
  const siteOf = new Map((await service.store.devices.all()).map((d) => [d.device, d.site]));
  const sites = new Map<string, SiteEvents>();
  for (const row of await service.store.eventsWithFlags.all()) {
    const site = siteOf.get(row.device) ?? '';
    let entry = sites.get(site);
    if (!entry) sites.set(site, (entry = { site, events: [], flagged: [] }));
    const event = JSON.parse(row.event) as LedgerEvent;
    entry.events.push(event);
    if (row.flag !== null) entry.flagged.push({ device: row.device, seq: event.seq, type: event.type, flag: row.flag });
  }
  return sites;
}

export interface SessionSummary {
  site: string;
  session: string;
  name: string;
  startsAt: string;
  status: 'planned' | 'open' | 'closed';
  registered: number;
  scored: number;
  passed: number;
  /** Hundredths of a per cent, as shared/domain/scoring.ts gives it. */
  passRate?: number;
}

/** 成绩: per site and session, the results the site computed (the same fold), with flagged events. */
export async function siteResults(service: Service) {
  const sites = [];
  for (const { site, events, flagged } of (await eventsBySite(service)).values()) {
    const state = project(events);
    const sessions = Object.values(state.sessions).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    sites.push({
      site,
      flagged,
      sessions: sessions.map((s) => {
        const table = resultsTable(state, [s.id], districtResultColumns);
        return { ...summary(site, s, sessionResults(state, s.id)), header: table.header, rows: table.rows };
      }),
    });
  }
  return sites.sort((a, b) => a.site.localeCompare(b.site));
}

function summary(
  site: string,
  session: { id: string; name: string; startsAt: string; status: SessionSummary['status'] },
  results: ReturnType<typeof sessionResults>,
): SessionSummary {
  return {
    site,
    session: session.id,
    name: session.name,
    startsAt: session.startsAt,
    status: session.status,
    registered: results.registered,
    scored: results.scored,
    passed: results.passed,
    ...(results.passRate !== undefined ? { passRate: results.passRate } : {}),
  };
}

function deviceSummary(d: DeviceRow & { through: number | null; revoked: number }) {
  return {
    device: d.device,
    site: d.site,
    name: d.name,
    enrolledAt: time(d.enrolled_at),
    lastSeen: time(d.last_seen),
    through: d.through ?? 0,
    revoked: d.revoked > 0,
  };
}

/** 考点与设备: every device, how far it has synced, its last contact, whether revoked. */
export async function deviceList(service: Service) {
  return (await service.store.devices.all()).map(deviceSummary);
}

const dayMs = 86_400_000;
const chinaOffsetMs = 8 * 3600_000;

/** 总览: sites, devices and their last contact, events received per day (30 days), sessions and pass rates. */
export async function overview(service: Service) {
  const now = service.now();
  const devices = await service.store.devices.all();
  const firstDay = Math.floor((now + chinaOffsetMs) / dayMs) - 29;
  const perDay = new Map(
    (await service.store.eventsPerDay.all(firstDay * dayMs - chinaOffsetMs)).map((r) => [
      Number(r.day),
      Number(r.events),
    ]),
  );
  const sessions: SessionSummary[] = [];
  for (const { site, events } of (await eventsBySite(service)).values()) {
    const state = project(events);
    for (const s of Object.values(state.sessions)) sessions.push(summary(site, s, sessionResults(state, s.id)));
  }
  return {
    authority: service.identity.id,
    kid: service.identity.signer.kid,
    fingerprint: fingerprint(service.identity.signer.publicKey),
    store: service.store.engine,
    time: time(now),
    events: Number((await service.store.eventCount.get())?.count ?? 0),
    flagged: Number((await service.store.flagged.get())?.count ?? 0),
    quarantine: (await service.store.quarantineList.all()).length,
    sites: [...new Set(devices.map((d) => d.site))].sort(),
    devices: devices.map(deviceSummary),
    eventsPerDay: Array.from({ length: 30 }, (_, i) => ({
      day: formatTime((firstDay + i) * dayMs - chinaOffsetMs, 480).slice(0, 10),
      events: perDay.get(firstDay + i) ?? 0,
    })),
    sessions: sessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  };
}

/**
 * 同步记录: what arrived, newest first — each acceptance (a batch, or the batches of a package,
 * whose events share the time they were stored) with its seqs — and the receipt signed for it.
 */
export async function syncRecord(service: Service, limit = 1_000) {
  const devices = new Map((await service.store.devices.all()).map((d) => [d.device, d]));
  const receipts = new Map(
    (await service.store.receiptList.all()).map((row) => [`${row.device}/${Number(row.through)}`, row.receipt]),
  );
  return (await service.store.intakes.all(limit)).map((row) => {
    const device = devices.get(row.device);
    const receipt = receipts.get(`${row.device}/${Number(row.last)}`);
    return {
      device: row.device,
      site: device?.site ?? '',
      name: device?.name ?? '',
      receivedAt: time(Number(row.received_at)),
      from: Number(row.first),
      to: Number(row.last),
      events: Number(row.events),
      ...(receipt
        ? { receipt: { head: (JSON.parse(receipt) as Receipt).head, at: (JSON.parse(receipt) as Receipt).at } }
        : {}),
    };
  });
}

/** 隔离区: each quarantined item with its device's site and the reviews written of it. */
export async function quarantineView(service: Service) {
  const devices = new Map((await service.store.devices.all()).map((d) => [d.device, d]));
  const reviews = await service.store.quarantineReviews.all();
  return (await service.store.quarantineList.all()).map((q) => ({
    id: Number(q.id),
    receivedAt: time(q.received_at),
    device: q.device,
    site: q.device ? (devices.get(q.device)?.site ?? null) : null,
    reason: q.reason,
    detail: q.detail,
    reviews: reviews
      .filter((r) => Number(r.quarantine_id) === Number(q.id))
      .map((r) => ({ at: time(r.at), login: r.login, note: r.note })),
  }));
}
