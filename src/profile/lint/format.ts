// Lint output formats: text (people), json (tools; shape fixed by the issue),
// github (workflow annotations: ::error file=...,line=...,col=...::message).
import type { FileLintResult } from './runner.js';

export type LintFormat = 'text' | 'json' | 'github';
export const LINT_FORMATS: readonly LintFormat[] = ['text', 'json', 'github'];

export function summarize(results: readonly FileLintResult[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const r of results) for (const f of r.findings) f.severity === 'error' ? errors++ : warnings++;
  return { errors, warnings };
}

export function formatLint(results: readonly FileLintResult[], format: LintFormat): string {
  if (format === 'json') return formatJson(results);
  if (format === 'github') return formatGithub(results);
  return formatText(results);
}

function formatText(results: readonly FileLintResult[]): string {
  let out = '';
  for (const r of results) {
    for (const f of r.findings) {
      out += `${r.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${f.message}\n    hint: ${f.hint}\n`;
    }
  }
  const { errors, warnings } = summarize(results);
  const files = results.length === 1 ? '1 file' : `${results.length} files`;
  out +=
    errors + warnings === 0
      ? `${files} checked: no problems\n`
      : `${files} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatJson(results: readonly FileLintResult[]): string {
  const files = results.map((r) => ({
    path: r.file,
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      line: f.line,
      column: f.column,
      message: f.message,
      hint: f.hint,
    })),
  }));
  return JSON.stringify({ files, summary: summarize(results) }, null, 2) + '\n';
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also ':' and ','.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function formatGithub(results: readonly FileLintResult[]): string {
  let out = '';
  for (const r of results) {
    for (const f of r.findings) {
      const props = `file=${escapeProperty(r.file)},line=${f.line},col=${f.column},title=${escapeProperty(f.rule)}`;
      out += `::${f.severity} ${props}::${escapeData(`${f.message}. Hint: ${f.hint}`)}\n`;
    }
  }
  return out;
}
