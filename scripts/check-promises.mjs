#!/usr/bin/env node
/**
 * `npm run lint:promises`: refuses a promise that nobody waits for. Walks every
 * TypeScript file of the project with the compiler's type checker and reports each
 * expression statement whose value is a promise (anything with a callable `then`)
 * unless it is awaited, returned, explicitly discarded with `void`, or handled by
 * `.catch(handler)` / `.then(onFulfilled, onRejected)` — the rule typescript-eslint
 * calls `no-floating-promises`. A forgotten `await` on an asynchronous storage call
 * would otherwise let a request answer before its write, or lose the write's error.
 * Also refuses `expect(promise)` without `.resolves`/`.rejects`: the matcher would
 * compare the promise object, not its value.
 * Exits 1 and prints `file:line:col` of each finding. Argument: the project folder
 * (default this repository; `tests/promises-lint.test.ts` runs it on a small fixture).
 */
import path from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
const config = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true, incremental: false } });
const checker = program.getTypeChecker();

/** True when `type` (or every member of a union) has a callable `then`. */
function isThenable(type) {
  if (type.isUnion()) return type.types.some((t) => isThenable(t));
  const then = type.getProperty('then');
  if (!then) return false;
  const t = checker.getTypeOfSymbol(then);
  return t.getCallSignatures().length > 0;
}

/** True when the statement's expression handles rejection itself. */
function handled(expr) {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return false;
  const name = expr.expression.name.text;
  if (name === 'catch' && expr.arguments.length >= 1) return true;
  if (name === 'then' && expr.arguments.length >= 2) return true;
  if (name === 'finally') return handled(expr.expression.expression);
  return false;
}

const findings = [];
for (const sf of program.getSourceFiles()) {
  if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/') || !sf.fileName.startsWith(root) || sf.fileName.includes('/.next/')) continue;
  const visit = (node) => {
    if (ts.isExpressionStatement(node)) {
      let e = node.expression;
      while (ts.isParenthesizedExpression(e)) e = e.expression;
      const skip = ts.isVoidExpression(e) || ts.isAwaitExpression(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken);
      if (!skip && (ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isPropertyAccessExpression(e) || ts.isIdentifier(e)) && !handled(e) && isThenable(checker.getTypeAtLocation(e))) {
        const { line, character } = sf.getLineAndCharacterOfPosition(e.getStart(sf));
        findings.push(`${path.relative(root, sf.fileName)}:${line + 1}:${character + 1}  ${e.getText(sf).slice(0, 80).replace(/\s+/g, ' ')}`);
      }
    }
    // `expect(promise).toBe(…)`: the matcher sees the promise, not its value.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'expect' && node.arguments.length >= 1) {
      const parent = node.parent;
      const via = parent && ts.isPropertyAccessExpression(parent) ? parent.name.text : '';
      if (via !== 'resolves' && via !== 'rejects' && isThenable(checker.getTypeAtLocation(node.arguments[0]))) {
        const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        findings.push(`${path.relative(root, sf.fileName)}:${line + 1}:${character + 1}  ${node.getText(sf).slice(0, 80).replace(/\s+/g, ' ')} (expect() of a promise: await it, or use .resolves/.rejects)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

if (findings.length) {
  console.error(`${findings.length} promise(s) neither awaited, returned, voided nor given a rejection handler:\n${findings.join('\n')}`);
  process.exit(1);
}
console.log(`no floating promises (${program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/')).length} files checked)`);
