/**
 * A template's small drawing for the gallery card: its nodes (circles for triggers and
 * ends, diamonds for gateways, boxes for tasks; people's tasks amber) and edges, scaled
 * from the template's layout (`shapeOf` in `lib/templates`: coordinates 0–100).
 */
import type { TemplateShape } from '@/lib/templates';

const FILL = { trigger: '#10b981', end: '#64748b', gateway: '#f59e0b', person: '#f59e0b', task: '#6366f1' } as const;

export function TemplateShapeView({ shape }: { shape: TemplateShape }) {
  if (shape.nodes.length === 0)
    return (
      <svg viewBox="0 0 100 60" className="h-16 w-24" aria-hidden="true">
        <rect x="20" y="12" width="60" height="36" rx="6" fill="none" stroke="#cbd5e1" strokeDasharray="4 3" strokeWidth="1.5" />
        <path d="M50 22v16M42 30h16" stroke="#94a3b8" strokeWidth="2" strokeLinecap="round" />
      </svg>
    );
  const w = Math.max(...shape.nodes.map((n) => n.x));
  const h = Math.max(...shape.nodes.map((n) => n.y));
  return (
    <svg viewBox={`-10 -8 ${w + 20} ${h + 16}`} className="h-20 w-full max-w-[220px]" preserveAspectRatio="xMidYMid meet" aria-hidden="true" data-testid="template-shape">
      {shape.edges.map(([a, b], i) => {
        const p = shape.nodes[a]!;
        const q = shape.nodes[b]!;
        return <line key={i} x1={p.x} y1={p.y} x2={q.x} y2={q.y} stroke="#cbd5e1" strokeWidth="1.6" />;
      })}
      {shape.nodes.map((n, i) =>
        n.kind === 'trigger' || n.kind === 'end' ? (
          <circle key={i} cx={n.x} cy={n.y} r="4" fill={FILL[n.kind]} />
        ) : n.kind === 'gateway' ? (
          <rect key={i} x={n.x - 3.5} y={n.y - 3.5} width="7" height="7" transform={`rotate(45 ${n.x} ${n.y})`} fill={FILL.gateway} />
        ) : (
          <rect key={i} x={n.x - 8} y={n.y - 4} width="16" height="8" rx="2" fill={FILL[n.kind]} />
        ),
      )}
    </svg>
  );
}
