const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** JSON that is safe inside `<script type="application/json">`: no `</script>`, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Fills `{{name}}` with escaped text and `{{{name}}}` with HTML we built ourselves. A placeholder
 * without a value is a programming error, caught by the page tests, never shown to a visitor.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g, (_m, raw: string | undefined, text: string | undefined) => {
    const name = (raw ?? text)!;
    const value = values[name];
    if (value === undefined) throw new Error(`template value missing: ${name}`);
    return raw ? value : escapeHtml(value);
  });
}

/** Paragraphs from a translation: a blank line starts a new one. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
}
