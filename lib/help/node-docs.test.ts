import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { NODE_TYPES } from '@/lib/nodes/registry';
import { nodeHelp, nodeHelpIndex } from './node-docs';

const SECTIONS = ['What it does', 'Config fields', 'Ports', 'Output shape', 'Errors', 'Example'];

describe('node help pages', () => {
  it.each(NODE_TYPES.map((t) => t.type))('%s has a page with every section, rendered to HTML', async (type) => {
    const text = fs.readFileSync(path.join(process.cwd(), 'docs', 'nodes', `${type}.md`), 'utf8');
    for (const s of SECTIONS) expect(text, `${type}.md lacks "## ${s}"`).toMatch(new RegExp(`^## ${s}`, 'm'));
    const page = await nodeHelp(type);
    expect(page!.title.length).toBeGreaterThan(0);
    expect(page!.html).toContain('<h2>Config fields</h2>');
    expect(page!.html).not.toContain(`<h1>`); // the title is rendered by the page frame
  });

  it('the index links to every page, rewritten to in-app URLs', async () => {
    const index = await nodeHelpIndex();
    for (const t of NODE_TYPES) expect(index!.html).toContain(`href="/help/nodes/${t.type}"`);
    expect(index!.html).not.toMatch(/href="[^"]*\.md"/);
  });

  it('has no page for an unknown type', async () => {
    expect(await nodeHelp('noSuchType')).toBeNull();
    expect(await nodeHelp('../README')).toBeNull();
  });
});
