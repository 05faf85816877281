/**
 * A mail body as data: renderers build blocks, and one place turns them into plain text and into
 * HTML. In HTML every string is escaped here, so no renderer can forget it for one field.
 */
export type Block =
  | { type: 'title'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  | { type: 'longText'; label?: string; text: string }
  | { type: 'list'; items: readonly string[] };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function toText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'title':
        out.push(b.text, '='.repeat(Math.min(b.text.length, 72)), '');
        break;
      case 'heading':
        out.push(b.text, '-'.repeat(Math.min(b.text.length, 72)));
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'fields':
        for (const [label, value] of b.rows) out.push(`${label}: ${value}`);
        out.push('');
        break;
      case 'longText':
        if (b.label) out.push(`${b.label}:`);
        out.push(b.text, '');
        break;
      case 'list':
        for (const item of b.items) out.push(`- ${item}`);
        out.push('');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const CELL = 'padding:2px 12px 2px 0;vertical-align:top;text-align:left';

export function toHtml(blocks: readonly Block[], opts: { lang: string; title: string }): string {
  const body = blocks
    .map((b) => {
      switch (b.type) {
        case 'title':
          return `<h1 style="font-size:20px">${escapeHtml(b.text)}</h1>`;
        case 'heading':
          return `<h2 style="font-size:16px;margin-top:20px">${escapeHtml(b.text)}</h2>`;
        case 'paragraph':
          return `<p>${escapeHtml(b.text)}</p>`;
        case 'fields':
          return `<table role="presentation" style="border-collapse:collapse">${b.rows
            .map(([l, v]) => `<tr><th scope="row" style="${CELL};font-weight:bold">${escapeHtml(l)}</th><td style="${CELL}">${escapeHtml(v)}</td></tr>`)
            .join('')}</table>`;
        case 'longText':
          return `${b.label ? `<p style="margin-bottom:4px"><strong>${escapeHtml(b.label)}</strong></p>` : ''}<p style="white-space:pre-wrap;margin-top:0">${escapeHtml(b.text)}</p>`;
        case 'list':
          return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
      }
    })
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(opts.lang)}">
<head><meta charset="utf-8"><title>${escapeHtml(opts.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">
${body}
</body>
</html>
`;
}
