'use client';
/**
 * What an expression editor in the config form needs beyond its own text: which
 * workflow and node it belongs to, and the document (for upstream nodes and
 * declared input shapes). Provided by the side panel around the node's form.
 */
import { createContext, useContext } from 'react';
import type { WorkflowDocument } from '@/lib/workflow/document';

export interface ExpressionEnv {
  workflowId: string | null;
  nodeId: string;
  doc: Pick<WorkflowDocument, 'nodes' | 'edges'>;
}

export const ExpressionEnvContext = createContext<ExpressionEnv | null>(null);

export function useExpressionEnv(): ExpressionEnv | null {
  return useContext(ExpressionEnvContext);
}
