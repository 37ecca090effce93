/** The designer's syntax check of Code nodes (acorn), and the problem the validator reports from it. */
import { describe, expect, it } from 'vitest';
import { checkCodeSyntax } from './syntax';
import { validateWorkflow } from '../../workflow/validate';
import type { WorkflowDocument } from '../../workflow/document';

describe('code syntax check', () => {
  it('accepts what the sandbox runs: return and await at the top, modern syntax, sloppy-mode leftovers', () => {
    for (const code of [
      'return 1',
      'const x = await Promise.resolve($input.n);\nreturn { x }',
      'const { a = 1, ...rest } = $input ?? {};\nreturn [a, rest?.b, 2n ** 3n, [1, 2].at(-1)]',
      'class A { #p = 1; static s = 2; get p() { return this.#p } }\nreturn new A().p',
      'for await (const v of [1, 2]) console.log(v)',
      'with ({ a: 1 }) { return a }',
      '// only a comment',
      'return 0o17 + 017',
    ]) {
      expect(checkCodeSyntax(code), code).toBeNull();
    }
  });

  it('reports the first error with its 1-based line and column in the code', () => {
    expect(checkCodeSyntax('const a = 1;\nconst b = ;\nreturn a')).toEqual({ message: 'Unexpected token', line: 2, column: 11 });
    expect(checkCodeSyntax('return a +;')).toMatchObject({ line: 1, column: 11 });
    expect(checkCodeSyntax('let x = 1;\nlet x = 2;')).toMatchObject({ line: 2, column: 5, message: expect.stringMatching(/already been declared/) });
    expect(checkCodeSyntax('return "unterminated')).toMatchObject({ line: 1, column: 8, message: expect.stringMatching(/Unterminated string/) });
  });

  it('an unclosed brace is reported just after the end of the code', () => {
    expect(checkCodeSyntax('if (true) {\n  return 1;')).toMatchObject({ line: 2, column: 12 });
  });

  it('code that closes the function it runs in is refused, with the position of the extra "}"', () => {
    expect(checkCodeSyntax('})(); 42; (function () {')).toEqual({ message: 'the code closes the function it runs in (an extra "}")', line: 1, column: 1 });
    expect(checkCodeSyntax('return 1\n}, function () {')).toMatchObject({ line: 2, column: 1, message: expect.stringMatching(/closes the function/) });
  });

  it('gives the same answer when asked again (cached) and for many distinct inputs', () => {
    expect(checkCodeSyntax('return (')).toEqual(checkCodeSyntax('return ('));
    for (let i = 0; i < 200; i++) expect(checkCodeSyntax(`return ${i}`)).toBeNull();
    expect(checkCodeSyntax('return (')).not.toBeNull();
  });
});

describe('validator: a Code node that does not parse', () => {
  const doc = (code: string): WorkflowDocument => ({
    schemaVersion: 1,
    name: 'code',
    description: '',
    nodes: [
      { id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 }, config: {} },
      { id: 'calc', type: 'code', label: 'Compute fee', position: { x: 0, y: 0 }, config: { code, timeoutMs: 1000, memoryMb: 32 } },
      { id: 'done', type: 'end', position: { x: 0, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'calc', targetPort: 'in' },
      { id: 'e2', source: 'calc', sourcePort: 'out', target: 'done', targetPort: 'in' },
    ],
  });

  it('is a config problem on the node, on the code field, naming line and column', () => {
    const problems = validateWorkflow(doc('const a = 1;\nconst b = ;\nreturn a')).filter((p) => p.nodeId === 'calc');
    expect(problems).toEqual([
      {
        code: 'CONFIG_INVALID',
        severity: 'error',
        nodeId: 'calc',
        path: ['code'],
        message: 'Code "Compute fee" (calc): Code has a syntax error at line 2, column 11: Unexpected token',
      },
    ]);
    expect(validateWorkflow(doc('const a = 1;\nreturn a')).filter((p) => p.nodeId === 'calc')).toEqual([]);
  });

  it('empty code is reported once, as required, not as a syntax error', () => {
    expect(validateWorkflow(doc('  ')).filter((p) => p.nodeId === 'calc').map((p) => p.message)).toEqual(['Code "Compute fee" (calc): Code is required']);
  });
});
