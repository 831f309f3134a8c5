// Preloaded (node --import) into a command the bench times: when the process exits it
// writes its own resource usage (maxRSS in KiB, CPU microseconds) to BENCH_RUSAGE_FILE,
// since Node gives a parent no rusage of its children.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RUSAGE_FILE) writeFileSync(process.env.BENCH_RUSAGE_FILE, JSON.stringify(process.resourceUsage()));
});
