/** Command-line options of the benchmarks: `--name=value` or `--name value`. */

/** The value of `--name`, or undefined when it is not given. */
export function option(name: string, argv: string[] = process.argv): string | undefined {
  const flag = `--${name}`;
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  const arg = argv[i] as string;
  return arg.includes('=') ? arg.slice(flag.length + 1) : argv[i + 1];
}

/** The positive number given as `--name`, or `fallback`; anything else stops the benchmark with a message. */
export function numberOption(name: string, fallback: number, argv: string[] = process.argv): number {
  const raw = option(name, argv);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number, not "${raw}"`);
  return value;
}
