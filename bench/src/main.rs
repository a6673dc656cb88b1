//! Native model timings for `scripts/bench.sh`.

use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let now = || origin.elapsed().as_secs_f64() * 1_000.0;
    let plans = aks_bench::time_cases(now, 21);
    print!("{}", aks_bench::report("native (release)", &plans));
    print!("{}", aks_bench::time_paths(now, 101));
    print!("{}", aks_bench::time_upgrade(now, 5));
}
