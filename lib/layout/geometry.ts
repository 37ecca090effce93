/**
 * Geometry of the canvas, shared by the node and edge components
 * (`components/nodes/`, which size and route themselves with these) and the
 * auto-layout (which must know node sizes before anything is rendered). Pure: no
 * React, no dagre, safe on the server and cheap in the run view's bundle.
 */
/** Width of every node card, px. */
export const NODE_WIDTH = 232;
/**
 * Height of every node card, px: icon, title and type, then the summary or, on a
 * node with several outputs, the outputs' labels above their handles.
 */
export const NODE_HEIGHT = 68;

/** The rendered size of a node card (the same for every type today; the layout asks per node). */
export function nodeSize(_type: string, _config: Record<string, unknown> | undefined): { width: number; height: number } {
  return { width: NODE_WIDTH, height: NODE_HEIGHT };
}

/** Spacing of the auto-layout, px. The canvas edge turns in the middle of the rank gap (`ranksep`). */
export const LAYOUT_SPACING = { nodesep: 36, ranksep: 56, edgesep: 24 } as const;
