import { EXAMPLE_WORKFLOWS } from '@/server/seed/examples';
import { nodeSize } from './geometry';
for (const d of EXAMPLE_WORKFLOWS()) {
  console.log(d.name);
  const W = 110, scale = 8;
  const rows = new Map<number, string[]>();
  for (const n of d.nodes) {
    const row = rows.get(n.position.y) ?? [];
    row.push(`${n.id}@${n.position.x}`);
    rows.set(n.position.y, row);
  }
  for (const [y, r] of [...rows].sort((a, b) => a[0] - b[0])) {
    let line = ' '.repeat(W);
    for (const n of d.nodes.filter((n) => n.position.y === y)) {
      const c = Math.round(n.position.x / scale);
      const w = Math.round(nodeSize(n.type, n.config).width / scale);
      const label = `[${n.id.slice(0, w - 2).padEnd(w - 2)}]`;
      line = line.slice(0, c) + label + line.slice(c + label.length);
    }
    console.log(String(y).padStart(5), line.trimEnd());
  }
}
