import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { checkCodeSyntax } from './syntax';

/** Limits of the code sandbox a node may choose (see `sandbox.ts` and docs/nodes/code.md). */
export const CODE_LIMITS = {
  /** CPU time per execution, ms. */
  timeoutMs: { min: 10, max: 5_000, default: 1_000 },
  /** Heap of the sandbox, MiB. */
  memoryMb: { min: 1, max: 256, default: 32 },
} as const;

/**
 * Code: runs the user's JavaScript in a QuickJS (WebAssembly) sandbox. The code is the
 * body of an async function over `$input`, `$steps`, `$vars` and `$run`; what it
 * returns (awaited) is the step output and must be JSON. Code that does not parse is a
 * config problem (line and column in the message). Ports: `out`, `error`.
 */
export const codeConfig = z.object({
  code: z
    .string()
    .min(1, 'Code is required')
    .max(100_000, 'Code must be at most 100000 characters')
    .refine((s) => s.trim() !== '', 'Code is required')
    .superRefine((s, ctx) => {
      // Parsed here (acorn, `syntax.ts`) so the designer flags it; the sandbox checks again when the step runs.
      const err = s.trim() === '' ? null : checkCodeSyntax(s);
      if (err) ctx.addIssue({ code: 'custom', message: `Code has a syntax error at line ${err.line}, column ${err.column}: ${err.message}` });
    })
    .meta({
      title: 'Code',
      description: 'JavaScript, run as the body of an async function: return the output (JSON). $input, $steps, $vars and $run are defined; console.log lines go to the step log.',
      widget: 'javascript',
      placeholder: 'const total = $input.items.reduce((s, i) => s + i.price, 0);\nreturn { total };',
    }),
  timeoutMs: z
    .number()
    .int('CPU time limit (ms) must be a whole number')
    .min(CODE_LIMITS.timeoutMs.min, `CPU time limit (ms) must be at least ${CODE_LIMITS.timeoutMs.min}`)
    .max(CODE_LIMITS.timeoutMs.max, `CPU time limit (ms) must be at most ${CODE_LIMITS.timeoutMs.max}`)
    .default(CODE_LIMITS.timeoutMs.default)
    .meta({ title: 'CPU time limit (ms)', description: 'The code is stopped after this long' }),
  memoryMb: z
    .number()
    .int('Memory limit (MiB) must be a whole number')
    .min(CODE_LIMITS.memoryMb.min, `Memory limit (MiB) must be at least ${CODE_LIMITS.memoryMb.min}`)
    .max(CODE_LIMITS.memoryMb.max, `Memory limit (MiB) must be at most ${CODE_LIMITS.memoryMb.max}`)
    .default(CODE_LIMITS.memoryMb.default)
    .meta({ title: 'Memory limit (MiB)', description: 'Heap of the sandbox, including the run context passed in' }),
});
export type CodeConfig = z.infer<typeof codeConfig>;

export const code = defineNodeType({
  type: 'code',
  label: 'Code',
  description: 'Runs JavaScript in a sandbox and returns JSON.',
  keywords: ['javascript', 'script', 'function', 'js', 'custom'],
  category: 'Actions',
  icon: 'terminal',
  accent: '#64748b',
  behavior: 'task',
  configSchema: codeConfig,
  defaults: () => ({ code: 'return { ok: true };', timeoutMs: CODE_LIMITS.timeoutMs.default, memoryMb: CODE_LIMITS.memoryMb.default }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => {
    const lines = c.code.split('\n').filter((l) => l.trim() !== '').length;
    return `JavaScript · ${lines} line${lines === 1 ? '' : 's'}`;
  },
});
