//! The model benchmark: the time to plan clusters of growing size, measured
//! with whatever clock the platform has (`Instant` natively,
//! `performance.now()` in the browser). It prints figures; it asserts nothing.

use aks_model::{ClusterSpec, Deployment, NetworkPlugin, NodePoolSpec, Plan, PodId, ServiceId};

/// One cluster size to time.
pub struct Case {
    pub label: &'static str,
    pub spec: ClusterSpec,
}

/// The sizes the issues ask for: 10 × 30, 100 × 110, 400 × 250 (kubenet's
/// limit) and 1,000 × 250 (Overlay), each node full of pods; then 5 pools ×
/// 200 nodes × 50 pods (Overlay, the user pools full of pods) beside one pool
/// of that size.
pub fn cases() -> Vec<Case> {
    let case = |label, plugin, nodes: u32, max_pods: u32, node_subnet: &str, pod_cidr: &str| {
        let mut spec = ClusterSpec::defaults_for(plugin);
        spec.node_count = nodes;
        spec.max_pods = max_pods;
        spec.node_subnet = node_subnet.parse().unwrap_or(spec.node_subnet);
        spec.pod_cidr = pod_cidr.parse().unwrap_or(spec.pod_cidr);
        spec.deployments = vec![Deployment::new("web", nodes * max_pods)];
        Case { label, spec }
    };
    vec![
        case(
            "10 × 30 Azure CNI",
            NetworkPlugin::AzureCni,
            10,
            30,
            "10.224.0.0/16",
            "10.244.0.0/16",
        ),
        case(
            "100 × 110 kubenet",
            NetworkPlugin::Kubenet,
            100,
            110,
            "10.224.0.0/16",
            "10.244.0.0/16",
        ),
        case(
            "400 × 250 kubenet",
            NetworkPlugin::Kubenet,
            400,
            250,
            "10.224.0.0/16",
            "10.244.0.0/14",
        ),
        case(
            "1000 × 50 Overlay",
            NetworkPlugin::AzureCniOverlay,
            1_000,
            50,
            "10.224.0.0/16",
            "10.240.0.0/13",
        ),
        five_pools(),
        case(
            "1000 × 250 Overlay",
            NetworkPlugin::AzureCniOverlay,
            1_000,
            250,
            "10.224.0.0/16",
            "10.240.0.0/13",
        ),
    ]
}

/// The system pool and 4 user pools of 200 nodes at 50 max pods, Overlay,
/// the user pools full of pods (the system pool keeps the system pods).
fn five_pools() -> Case {
    let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
    spec.node_count = 200;
    spec.max_pods = 50;
    spec.pod_cidr = "10.240.0.0/13".parse().unwrap_or(spec.pod_cidr);
    spec.user_pools = ["apps", "batch", "gpu", "web"]
        .into_iter()
        .map(|name| {
            let mut pool = NodePoolSpec::new(name, 200, spec.plugin);
            pool.max_pods = 50;
            pool
        })
        .collect();
    spec.deployments = vec![Deployment::new("web", 4 * 200 * 50)];
    Case {
        label: "5 pools × 200 × 50",
        spec,
    }
}

/// Median and spread of one case, in milliseconds.
pub struct Timing {
    pub label: &'static str,
    pub pods: usize,
    /// The very first plan of this size: cold code and memory.
    pub first_ms: f64,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

/// Plans run before sampling, so that the samples measure the steady state
/// (a wasm engine compiles hot code a second time, optimised, after a while).
const WARM_UP_RUNS: usize = 5;

/// Times `Plan::build` for each case: the first run, then `runs` samples
/// after a warm-up.
pub fn time_cases(now_ms: impl Fn() -> f64, runs: usize) -> Vec<Timing> {
    cases()
        .into_iter()
        .map(|case| {
            let start = now_ms();
            let pods = Plan::build(&case.spec).map_or(0, |plan| plan.pods.len());
            let first_ms = now_ms() - start;
            for _ in 0..WARM_UP_RUNS {
                drop(Plan::build(&case.spec));
            }
            let mut samples: Vec<f64> = (0..runs.max(1))
                .map(|_| {
                    let start = now_ms();
                    let plan = Plan::build(&case.spec);
                    let elapsed = now_ms() - start;
                    drop(plan);
                    elapsed
                })
                .collect();
            samples.sort_by(f64::total_cmp);
            Timing {
                label: case.label,
                pods,
                first_ms,
                median_ms: samples[samples.len() / 2],
                min_ms: samples[0],
                max_ms: samples[samples.len() - 1],
            }
        })
        .collect()
}

/// The timings as the table `scripts/bench.sh` prints.
pub fn report(platform: &str, timings: &[Timing]) -> String {
    let mut out = format!(
        "Plan::build, {platform}, ms\n  {:<20} {:>12}  {:>8}  {:>8}  {:>8}  {:>8}\n",
        "cluster", "pods", "first", "median", "min", "max"
    );
    for t in timings {
        out.push_str(&format!(
            "  {:<20} {:>7} pods  {:>8.3}  {:>8.3}  {:>8.3}  {:>8.3}\n",
            t.label, t.pods, t.first_ms, t.median_ms, t.min_ms, t.max_ms
        ));
    }
    out
}

/// Times tracing the longest flows (an internet client through the public
/// load balancer, a pod to the internet) in the largest plan: a path must cost
/// nothing next to a frame.
pub fn time_paths(now_ms: impl Fn() -> f64, runs: usize) -> String {
    use aks_model::path::{trace, Endpoint, Target};
    let Some(case) = cases().pop() else {
        return String::new();
    };
    let Ok(plan) = Plan::build(&case.spec) else {
        return String::new();
    };
    let flows = [
        (
            "internet → public LB",
            Endpoint::Internet,
            Target::LoadBalancer {
                service: ServiceId::new(0),
            },
        ),
        (
            "pod → internet",
            Endpoint::Pod(PodId::new(plan.pods.len().saturating_sub(1) as u32)),
            Target::InternetServer,
        ),
    ];
    let mut out = format!(
        "path::trace in the {} plan, ms (median of {runs})\n",
        case.label
    );
    for (label, from, to) in flows {
        let mut samples: Vec<f64> = (0..runs.max(1))
            .map(|_| {
                let start = now_ms();
                let traced = trace(&plan, from, to);
                let elapsed = now_ms() - start;
                drop(traced);
                elapsed
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        out.push_str(&format!(
            "  {label:<22} {:>8.4}\n",
            samples[samples.len() / 2]
        ));
    }
    out
}

/// Times one step of a rolling upgrade of the 100 × 110 plan (the drain of
/// a batch, every pod of it rescheduled), the cost of each step the stage
/// plays, and the whole upgrade planned step by step.
pub fn time_upgrade(now_ms: impl Fn() -> f64, runs: usize) -> String {
    use aks_model::rollout::Rollout;
    let Some(case) = cases().into_iter().nth(1) else {
        return String::new();
    };
    let Ok(start) = Plan::build(&case.spec) else {
        return String::new();
    };
    let upgrade = Rollout::upgrade(&start, &case.spec);
    let surge_added = upgrade.plan_after(1, &start);
    let time = |work: &dyn Fn()| {
        let mut samples: Vec<f64> = (0..runs.max(1))
            .map(|_| {
                let begin = now_ms();
                work();
                now_ms() - begin
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    };
    let drain = time(&|| drop(upgrade.plan_after(2, &surge_added)));
    let whole = time(&|| drop(upgrade.plan_at(upgrade.last_step(), &start)));
    format!(
        "Rolling upgrade of the {} plan ({} steps), ms (median of {runs})\n  one drain step {drain:>12.3}\n  every step     {whole:>12.3}\n",
        case.label,
        upgrade.steps.len()
    )
}

/// The browser entry point: runs the timings in wasm and returns the table.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run_model_bench(runs: usize) -> String {
    let performance = web_sys::window().and_then(|window| window.performance());
    let now = move || performance.as_ref().map_or(0.0, |p| p.now());
    report("wasm in Chromium", &time_cases(&now, runs))
        + &time_paths(&now, runs)
        + &time_upgrade(&now, runs.min(5))
}
