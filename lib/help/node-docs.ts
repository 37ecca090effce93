/**
 * The in-app help for node types: `docs/nodes/<type>.md` (and `docs/nodes/README.md`
 * for the index) rendered from Markdown to HTML with `marked`. The files are part
 * of the repository (trusted text), read from the working directory at request time.
 * Links between pages (`transform.md`, `../workflow-format.md`) are rewritten to
 * their in-app or repository form.
 */
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Marked, type Tokens } from 'marked';
import { getNodeType } from '@/lib/nodes/registry';

const DOCS_DIR = path.join(process.cwd(), 'docs', 'nodes');

const marked = new Marked({
  gfm: true,
  walkTokens(token) {
    if (token.type !== 'link') return;
    const link = token as Tokens.Link;
    const page = /^(?:\.\/)?([A-Za-z][\w-]*)\.md(#.*)?$/.exec(link.href);
    if (page) link.href = page[1] === 'README' ? `/help/nodes${page[2] ?? ''}` : `/help/nodes/${page[1]}${page[2] ?? ''}`;
  },
});

export interface HelpPage {
  /** The first `# heading`, or the type's label. */
  title: string;
  html: string;
}

async function render(file: string, fallbackTitle: string): Promise<HelpPage | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
  const heading = /^#\s+(.+)$/m.exec(text);
  const body = heading ? text.replace(heading[0], '') : text;
  return { title: heading?.[1]?.trim() ?? fallbackTitle, html: await marked.parse(body) };
}

/**
 * The help page of a node type.
 * @returns null for an unknown type or a type without a page.
 */
export async function nodeHelp(type: string): Promise<HelpPage | null> {
  const def = getNodeType(type);
  if (!def) return null;
  return render(path.join(DOCS_DIR, `${type}.md`), def.label);
}

/** The index page (`docs/nodes/README.md`). */
export async function nodeHelpIndex(): Promise<HelpPage | null> {
  return render(path.join(DOCS_DIR, 'README.md'), 'Node types');
}
