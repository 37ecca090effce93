/**
 * Templates around people reviewing work: a document approved under the four-eyes
 * principle, and support tickets triaged by an AI step before a person answers. The AI
 * step talks to Baton's offline demo model (`/api/demo/ai`, an OpenAI-compatible
 * chat-completions endpoint); point its base URL at a real service to use a real model.
 */
import type { WorkflowDocument } from '@/lib/workflow/document';
import { demoCall, edges, node } from './build';

/** Document approval: a checked document needs two different approvers (four-eyes), then it is published. */
export function documentApproval(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Document approval',
    description: 'Checks a document, then two different approvers must sign it off (four-eyes) before it is published; one request for changes sends it back.',
    nodes: [
      node('start', 'manualTrigger', 'Document submitted', {
        inputFields: [
          { name: 'title', label: 'Title', type: 'text', required: true, options: '', max: 200 },
          { name: 'kind', label: 'Kind', type: 'select', required: true, options: 'policy, contract, procedure' },
          { name: 'url', label: 'Document link', type: 'text', required: true, options: '', pattern: '^https?://' },
          { name: 'author', label: 'Author email', type: 'email', required: true, options: '' },
        ],
      }),
      demoCall('check', 'Check document', 'POST', 'documents/check', '{ "title": $input.title, "url": $input.url, "kind": $input.kind }'),
      node('review', 'userTask', 'Four-eyes review', {
        title: 'Approve {{ $input.kind }}: {{ $input.title }}',
        description: 'Two different people must approve. Read the document, then approve or ask for changes.\n\n{{ $input.url }}',
        candidateUsers: 'sam, priya',
        requiredApprovals: 2,
        starterMayNotApprove: true,
        priority: 'normal',
        dueIn: 'P3D',
        context: '{ "title": $input.title, "kind": $input.kind, "author": $input.author, "pages": $steps.check.output.body.pages, "readingMinutes": $steps.check.output.body.readingMinutes, "checksum": $steps.check.output.body.checksum }',
        formFields: [{ name: 'comment', label: 'Comment', type: 'textarea', required: false, options: '' }],
        outcomes: [
          { id: 'approve', label: 'Approve' },
          { id: 'changes', label: 'Request changes' },
        ],
      }),
      demoCall('publish', 'Publish document', 'POST', 'documents/publish', '{ "title": $input.title, "checksum": $steps.check.output.body.checksum, "approvedBy": $steps.review.output.completedBy }'),
      node('published', 'end', 'Published', { output: '{ "status": "published", "documentId": $steps.publish.output.body.documentId, "lastApprover": $steps.review.output.completedBy }' }),
      node('returned', 'end', 'Returned to author', { output: '{ "status": "changes requested", "by": $steps.review.output.completedBy, "comment": $steps.review.output.data.comment }' }),
    ],
    edges: edges([
      ['start', 'check'],
      ['check', 'review'],
      ['review', 'publish', 'approve'],
      ['review', 'returned', 'changes'],
      ['publish', 'published'],
    ]),
  };
}

/** The JSON Schema the triage model must answer with. */
const TRIAGE_SCHEMA = JSON.stringify({
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['billing', 'outage', 'account', 'question'] },
    priority: { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] },
    summary: { type: 'string' },
    reply: { type: 'string' },
  },
  required: ['category', 'priority', 'summary', 'reply'],
});

/** AI ticket triage: a model classifies the ticket and drafts a reply; urgent ones go to the support group, the others are answered at once. */
export function aiTicketTriage(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'AI ticket triage',
    description: 'An AI step classifies each ticket and drafts a reply; urgent and billing tickets go to the support team to review the draft, the rest are answered at once.',
    nodes: [
      node('start', 'manualTrigger', 'Ticket received', {
        inputFields: [
          { name: 'email', label: 'Customer email', type: 'email', required: true, options: '' },
          { name: 'subject', label: 'Subject', type: 'text', required: true, options: '', max: 200 },
          { name: 'message', label: 'Message', type: 'textarea', required: true, options: '', max: 5000 },
        ],
      }),
      node('triage', 'aiStep', 'Triage with AI', {
        baseUrl: '/api/demo/ai',
        model: 'baton-demo-triage',
        credentialId: '',
        systemPrompt: 'You triage customer support tickets. Answer with JSON: category (billing, outage, account or question), priority (low, normal, high or urgent), a one-sentence summary, and a short, friendly reply to the customer.',
        userPrompt: 'Subject: {{ $input.subject }}\n\n{{ $input.message }}',
        responseFormat: 'json',
        jsonSchema: TRIAGE_SCHEMA,
        temperature: 0,
        timeoutMs: 30_000,
        retry: { maxAttempts: 2, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 10000, jitter: 0.2 },
      }),
      node('route', 'exclusiveGateway', 'Needs a person?', {
        branches: [{ id: 'human', label: 'Urgent or billing', condition: '$steps.triage.output.content.priority = "urgent" or $steps.triage.output.content.category = "billing"' }],
      }),
      node('review', 'userTask', 'Review AI draft', {
        title: '{{ $steps.triage.output.content.priority }} · {{ $steps.triage.output.content.category }}: {{ $input.subject }}',
        description: '{{ $steps.triage.output.content.summary }}\n\nCustomer wrote:\n{{ $input.message }}',
        candidateGroups: 'support',
        candidateUsers: 'priya, sam',
        priority: 'high',
        context: '{ "customer": $input.email, "category": $steps.triage.output.content.category, "priority": $steps.triage.output.content.priority, "draftReply": $steps.triage.output.content.reply, "model": $steps.triage.output.model }',
        formFields: [{ name: 'reply', label: 'Reply to send', type: 'textarea', required: true, options: '' }],
        outcomes: [
          { id: 'send', label: 'Send reply' },
          { id: 'close', label: 'Close without reply' },
        ],
      }),
      demoCall('send_reviewed', 'Send reviewed reply', 'POST', 'tickets/reply', '{ "to": $input.email, "subject": "Re: " & $input.subject, "body": $steps.review.output.data.reply }'),
      demoCall('send_auto', 'Send AI reply', 'POST', 'tickets/reply', '{ "to": $input.email, "subject": "Re: " & $input.subject, "body": $steps.triage.output.content.reply }'),
      node('answered', 'end', 'Answered', { output: '{ "status": "answered", "category": $steps.triage.output.content.category, "messageId": $steps.send_auto.output.body.messageId ? $steps.send_auto.output.body.messageId : $steps.send_reviewed.output.body.messageId }' }),
      node('closed', 'end', 'Closed', { output: '{ "status": "closed", "category": $steps.triage.output.content.category }' }),
    ],
    edges: edges([
      ['start', 'triage'],
      ['triage', 'route'],
      ['route', 'review', 'human'],
      ['route', 'send_auto', 'default'],
      ['review', 'send_reviewed', 'send'],
      ['review', 'closed', 'close'],
      ['send_reviewed', 'answered'],
      ['send_auto', 'answered'],
    ]),
  };
}
