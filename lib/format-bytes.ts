/**
 * A size as people read it, the same in the console and in what the model is told: 512 B, 4 KB,
 * 2.9 KB, 1.5 MB (1 KB = 1024 B; one decimal unless the number is whole). No imports: safe in
 * the browser.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
