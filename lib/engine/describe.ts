/** How the engine names nodes in error messages. */
import type { CompiledNode } from './types';

/**
 * `"Label" (id)` when the node has a label of its own, else `"id"`. Used in every
 * engine error message so a person can find the node on the canvas.
 */
export function nodeName(node: Pick<CompiledNode, 'id' | 'label'>): string {
  return node.label && node.label !== node.id ? `"${node.label}" (${node.id})` : `"${node.id}"`;
}
