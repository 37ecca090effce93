/** Small display helpers for the workflows list and the designer. Pure (time is passed in). */

/** A file name for an exported workflow: `customer-onboarding.workflow.json`. */
export function exportFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'workflow'}.workflow.json`;
}

/** "1 problem", "3 problems". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
