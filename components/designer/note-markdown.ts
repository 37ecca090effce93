/**
 * Renders a sticky note's Markdown to HTML that is safe to insert: `marked` (GFM)
 * turns the text into HTML, DOMPurify removes everything that could run or load
 * something (scripts, event handlers, `javascript:` links, styles, forms, frames and
 * images), and links open in a new tab without access to this page. A note is text
 * anyone with edit rights may write, and everyone who opens the workflow or one of its
 * runs sees it, so no raw HTML of the author reaches the page.
 * Runs in the browser only: without a DOM (server rendering) the text is escaped instead.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: true, async: false });

let hooked = false;

/** Escapes text for HTML (server rendering, where DOMPurify has no DOM). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Safe HTML of a note's Markdown text (see the module comment). */
export function noteHtml(markdown: string): string {
  if (typeof window === 'undefined' || !DOMPurify.isSupported) return `<p>${escapeHtml(markdown)}</p>`;
  if (!hooked) {
    hooked = true;
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
  }
  const html = marked.parse(markdown) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'img', 'video', 'audio', 'iframe', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math'],
    FORBID_ATTR: ['style', 'class', 'id'],
  });
}
