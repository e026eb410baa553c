// Progress of gm-prepare's long steps: a bar with counts and time left on a terminal (cli-progress),
// one line per finished step otherwise (a log, CI).
import cliProgress from 'cli-progress';

/** A `progress(step, done, total)` function and `end()` that closes the last bar. */
export function progressReporter(stream = process.stderr, quiet = false) {
  let step;
  let bar;
  let started = 0;
  const finish = () => {
    if (!step) return;
    if (bar) bar.stop();
    else if (!quiet) stream.write(`  ${step}: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    step = undefined;
    bar = undefined;
  };
  const progress = (name, done, total) => {
    if (quiet) return;
    if (name !== step) {
      finish();
      step = name;
      started = performance.now();
      if (stream.isTTY) {
        bar = new cliProgress.SingleBar({ stream, format: `  ${name.padEnd(30)} [{bar}] {value}/{total}  {percentage}%  time left {eta_formatted}`, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      }
    } else bar?.update(done);
    bar?.setTotal(total);
  };
  return { progress, end: finish };
}
