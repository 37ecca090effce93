/**
 * Where the canvas node card (`components/nodes/workflow-node.tsx`) draws its port
 * handles, computed from the node's type and config instead of measured in the DOM.
 *
 * Why: React Flow only knows where an edge starts and ends once it knows its nodes'
 * handles. Without this it renders every node once to measure it, even with
 * `onlyRenderVisibleElements`, so opening a 2,000-node workflow would build 2,000
 * cards to throw most of them away. Given `measured` and `handles` up front, it
 * renders only the cards in view and draws edges to cards it never rendered.
 *
 * Geometry (px, relative to the card's top-left corner; must match the card's
 * classes): the card is {@link NODE_WIDTH} × {@link NODE_HEIGHT} with a 1 px
 * border, and handles are positioned inside the border. The input handle (12 px)
 * is centred on the top edge; primary outputs (12 px) are spread evenly along the
 * bottom edge, each in the middle of its column; the `error` side output (10 px) is
 * centred on the right edge at mid-height, `compensation` on the left. A node whose
 * DOM size differs from these is measured again by React Flow (a size change re-reads
 * its handles), so a mismatch costs a measurement, not a wrong edge.
 */
import type { NodeHandle, Position } from '@xyflow/react';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { nodeInputs, nodeOutputs, splitOutputs } from './ports';

/** Card border, px. */
const BORDER = 1;
/** Side of an input or primary output handle, px (`h-3 w-3`). */
const MAIN = 12;
/** Side of an `error` / `compensation` handle, px (`h-2.5 w-2.5`). */
const SIDE = 10;

/** A square handle of `size` centred on (cx, cy). */
function at(id: string, type: 'source' | 'target', position: Position, cx: number, cy: number, size: number): NodeHandle {
  return { id, type, position, x: cx - size / 2, y: cy - size / 2, width: size, height: size };
}

/** The handles a node of `type` with `config` draws, in the card's coordinates (see the module comment). */
export function nodeHandles(type: string, config: Record<string, unknown>): NodeHandle[] {
  const inner = NODE_WIDTH - 2 * BORDER;
  const out: NodeHandle[] = [];
  const input = nodeInputs(type, config)[0];
  if (input) out.push(at(input.id, 'target', 'top' as Position, BORDER + inner / 2, BORDER, MAIN));
  const { main, side } = splitOutputs(nodeOutputs(type, config));
  main.forEach((p, i) => out.push(at(p.id, 'source', 'bottom' as Position, BORDER + (inner * (i + 0.5)) / main.length, NODE_HEIGHT - BORDER, MAIN)));
  for (const p of side) {
    const right = p.id === 'error';
    out.push(at(p.id, 'source', (right ? 'right' : 'left') as Position, right ? NODE_WIDTH - BORDER : BORDER, NODE_HEIGHT / 2, SIDE));
  }
  return out;
}

/** The size React Flow is told every card has before it measures one. */
export const NODE_MEASURED = Object.freeze({ width: NODE_WIDTH, height: NODE_HEIGHT });
