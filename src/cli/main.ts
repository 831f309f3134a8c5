// `blastograde <command> ...`: machine-readable output on stdout only;
// progress and diagnostics go to stderr.

type CommandModule = { run(args: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  phantoms: {
    summary: 'phantoms --n N --seed S --out DIR [--nuisance none|default|high] [--grades SPEC]',
    load: () => import('./commands/phantoms'),
  },
  preprocess: {
    summary: 'preprocess <files...> --json [--out DIR] [--margin M]',
    load: () => import('./commands/preprocess'),
  },
  grade: {
    summary: 'grade <files...> [--model DIR] --json | --csv FILE [--rank [--policy expected-score|gardner|weill-cornell|outcome]]',
    load: () => import('./commands/grade'),
  },
  adapt: {
    summary: 'adapt <files or folders...> [--model DIR] --out DIR [--layers N|all] [--id ID] [--force]',
    load: () => import('./commands/adapt'),
  },
  'adapt-source': {
    summary: 'adapt-source [--model DIR] [--phantoms N] [--seed S] [--layers N|all]   (ships the source statistics in the package)',
    load: () => import('./commands/adapt-source'),
  },
  learn: {
    summary: 'learn --labels SHEET --images DIR [--model DIR] [--folds N] [--seed N] [--positive-label good] --out DIR [--force]',
    load: () => import('./commands/learn'),
  },
  backup: {
    summary: 'backup list FILE [--json] | backup export FILE --out DIR [--force]   (a lab backup from the app: verified, listed, grade sheets exported)',
    load: () => import('./commands/backup'),
  },
};

function usage(): string {
  return ['usage: blastograde <command> [options]', '', ...Object.values(commands).map((c) => `  blastograde ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stderr.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`blastograde: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    process.stderr.write(`blastograde ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
