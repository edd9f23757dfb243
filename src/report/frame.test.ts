import { describe, expect, it } from 'vitest';
import { SourceFile } from '../core/source.js';
import { codeFrame } from './frame.js';

function frame(text: string, start: number, end: number, width?: number): string[] {
  const file = new SourceFile('f.tf', '/f.tf', text);
  return codeFrame(file, file.range(start, end), width).flatMap((l) => [
    l.gutter + l.code,
    ...(l.marker !== undefined ? [' '.repeat(l.gutter.length) + l.marker] : []),
  ]);
}

describe('codeFrame', () => {
  it('shows two lines before the range and carets under it', () => {
    const text = 'a\nb\nc\nkey = "value"\n';
    const start = text.indexOf('"value"');
    expect(frame(text, start, start + 7)).toEqual(['  2 | b', '  3 | c', '> 4 | key = "value"', ' '.repeat(12) + '^^^^^^^']);
  });

  it('has no context above line 1 and one caret for an empty range', () => {
    expect(frame('x = 1\n', 4, 4)).toEqual(['> 1 | x = 1', ' '.repeat(10) + '^']);
  });

  it('underlines to the end of the line when the range spans lines', () => {
    expect(frame('ab = {\n}\n', 5, 8)).toEqual(['> 1 | ab = {', ' '.repeat(11) + '^']);
  });

  it('keeps carets aligned after tabs', () => {
    expect(frame('\tk = v\n', 5, 6)).toEqual(['> 1 |   k = v', ' '.repeat(12) + '^']);
  });

  it('clips a long line on the right and keeps its start when the range is near it', () => {
    const text = 'x = "' + 'a'.repeat(200) + '"';
    const [code, marker] = frame(text, 4, 10, 40);
    expect(code).toBe('> 1 | x = "' + 'a'.repeat(26) + '…');
    expect(marker).toBe(' '.repeat(10) + '^^^^^^');
  });

  it('clips on both sides when the range starts far to the right', () => {
    const text = 'b'.repeat(150) + 'TARGET' + 'c'.repeat(150);
    const [code, marker] = frame(text, 150, 156, 40);
    expect(code).toMatch(/^> 1 \| …b+TARGETc+…$/);
    const caretStart = marker.indexOf('^');
    expect(code.slice(caretStart, caretStart + 6)).toBe('TARGET');
    expect(marker.trim()).toBe('^^^^^^');
  });
});

describe('codeFrame on a long value whose decisive part is at its end', () => {
  it('shows the whole range, in a second row when it is wider than one, so run_phase:* is visible', () => {
    const value =
      '"organization:${var.tfc_organization_name}:project:${var.tfc_project_name}:workspace:${var.tfc_workspace_name}:run_phase:*"';
    const text = `{\n  "StringLike": {\n    "\${var.tfc_hostname}:sub": ${value}\n  }\n}\n`;
    const start = text.indexOf(value);
    const rows = frame(text, start, start + value.length, 100);
    expect(rows[2]).toMatch(/^> 3 \| {5}"\$\{var\.tfc_hostname\}:sub": "organization:/);
    expect(rows.join('\n')).toContain('run_phase:*"');
    // Every character of the value is under a caret, across the rows.
    const carets =
      rows
        .filter((r) => /^\s*\^+\s*$/.test(r))
        .join('')
        .split('^').length - 1;
    expect(carets).toBe(value.length);
  });

  it('slides the window right so that a range ending far right is shown whole, with context after it', () => {
    const text = 'x'.repeat(120) + ' = "organization:acme:project:*:workspace:prod"' + ' # note';
    const start = text.indexOf('"organization');
    const end = text.indexOf(' # note');
    const [code, marker] = frame(text, start, end, 80);
    expect(code).toContain('"organization:acme:project:*:workspace:prod"');
    expect(marker.trim()).toBe('^'.repeat(end - start));
  });
});
