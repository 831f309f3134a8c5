// The frame every `blastograde <command>` shares, so each command holds only its own work:
// its arguments (node:util parseArgs, with -h/--help), --help printing its usage (exit 0), a
// usage error printing it (exit 2), a refusal `blastograde <name>: message` (exit 1), progress
// lines on stderr (`<name>: ...`) and one JSON summary on stdout. An unexpected error, and an
// option parseArgs rejects, reach main(), which says `blastograde <name>: message`, exit 1.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  name: string;
  usage: string;
  options: O;
  /** Whether files or folders follow the flags. */
  positionals?: boolean;
}

type ParseConfig<O extends ParseArgsOptionsConfig> = { args: string[]; options: O & typeof HELP; allowPositionals: boolean; strict: true };
export type CommandArgs<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<ParseConfig<O>>>;

export interface CommandIo {
  /** A progress line on stderr: `<name>: line`. */
  say(line: string): void;
  /** A line on stderr as it is (for commands whose progress predates the `<name>:` prefix). */
  log(line: string): void;
  /** Refused: `blastograde <name>: message` on stderr; exit 1 unless told (a usage-like refusal: 2). */
  refuse(message: string, code?: number): number;
  /** The usage on stderr, after `blastograde <name>: message` when there is one; exit 2. */
  usageError(message?: string): number;
  /** The summary on stdout as JSON; exit 0. */
  json(value: unknown): number;
}

export function commandIo(name: string, usage: string): CommandIo {
  const err = (text: string) => process.stderr.write(`${text}\n`);
  return {
    say: (line) => err(`${name}: ${line}`),
    log: err,
    refuse(message, code = EXIT_REFUSED) {
      err(`blastograde ${name}: ${message}`);
      return code;
    },
    usageError(message) {
      err(message ? `blastograde ${name}: ${message}\n${usage}` : usage);
      return EXIT_USAGE;
    },
    json(value) {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return 0;
    },
  };
}

/** A command's run(args) from its spec and body; the body gets the parsed arguments and the frame's output. */
export function defineCommand<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  body: (args: CommandArgs<O>, io: CommandIo) => Promise<number>,
): (args: string[]) => Promise<number> {
  return async (args) => {
    const io = commandIo(spec.name, spec.usage);
    const parsed = parseArgs({ args, options: { ...spec.options, ...HELP }, allowPositionals: spec.positionals ?? false, strict: true } as ParseConfig<O>);
    if ((parsed.values as { help?: boolean }).help) {
      io.log(spec.usage);
      return 0;
    }
    return body(parsed, io);
  };
}
