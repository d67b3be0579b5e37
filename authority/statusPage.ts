/** The district operator's read-only status page (zh-CN, server-rendered, no script). */
import { fingerprint } from '../shared/ledger/signing';
import type { Service } from './service';

const escape = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const when = (ms: number | null) =>
  ms ? new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '—';

export async function statusPage(service: Service): Promise<string> {
  const devices = await service.store.devices.all();
  const quarantine = await service.store.quarantineList.all();
  const flagged = (await service.store.flagged.get())?.count ?? 0;
  const rows = devices
    .map(
      (d) =>
        `<tr><td>${escape(d.site)}</td><td>${escape(d.name)}</td><td><code>${escape(d.device)}</code></td><td>${d.through ?? 0}</td><td><code>${escape((d.head ?? '').slice(0, 16))}</code></td><td>${when(d.last_seen)}</td><td>${d.revoked ? '已吊销' : '正常'}</td></tr>`,
    )
    .join('');
  const quarantined = quarantine
    .slice(0, 50)
    .map(
      (q) =>
        `<tr><td>${when(q.received_at)}</td><td><code>${escape(q.device ?? '')}</code></td><td>${escape(q.reason)}</td><td>${escape(q.detail)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>考点数据接收状态 · ${escape(service.identity.id)}</title>
<style>body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans SC",sans-serif;margin:24px;color:#1f2937}table{border-collapse:collapse;width:100%;margin:12px 0 24px}th,td{border:1px solid #d1d5db;padding:6px 8px;text-align:left;font-size:14px}th{background:#f3f4f6}code{font-size:12px}</style></head>
<body><h1>考点数据接收状态</h1>
<p>鉴定机构：${escape(service.identity.id)} · 密钥指纹：<code>${escape(fingerprint(service.identity.signer.publicKey))}</code> · 页面生成：${when(service.now())}（北京时间）</p>
<h2>设备（${devices.length}）</h2>
<table><thead><tr><th>考点</th><th>设备名称</th><th>设备编号</th><th>已接收至序号</th><th>最新哈希</th><th>最近联系</th><th>密钥</th></tr></thead><tbody>${rows || '<tr><td colspan="7">尚无设备注册</td></tr>'}</tbody></table>
<h2>隔离区（${quarantine.length}）</h2>
<p>被拒绝或分叉的批次与同步包保留于此，供复核，不会删除。已接收但内容待核查的记录：${flagged} 条。</p>
<table><thead><tr><th>时间</th><th>设备</th><th>原因</th><th>说明</th></tr></thead><tbody>${quarantined || '<tr><td colspan="4">无</td></tr>'}</tbody></table>
</body></html>`;
}
