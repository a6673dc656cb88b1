//! The view model: everything the components draw, computed from the state
//! once per change, as words, rows and coordinates. Components format what
//! they are given; they do not compute.
//!
//! Each part is kept from the previous view model when what it is made of
//! did not change (compared by pointer): a hop of a playing packet redraws
//! the packet, not the diagram, the address maps or the anatomy.
//!
//! Organization: `diagram` (boxes, node cards, pod chips, the packet over
//! them), `packet` (flows, hop rows, verdicts), `controls`, `anatomy`,
//! `figures` (capacity, failures, address maps), `comparison` and `lesson`.

pub mod anatomy;
pub mod chart;
pub mod citations;
pub mod comparison;
pub mod controls;
pub mod diagram;
pub mod figures;
pub mod lesson;
pub mod operation;
pub mod packet;

use aks_model::path::Trace;
use aks_model::rollout::Rollout;
use aks_model::Plan;

use crate::export::{az_commands, manifest};
use crate::flows::{endpoint_code, Flow};
use crate::layout::{Frame, Rect};
use crate::lessons::Giveaway;
use crate::panels::{Panel, Panels, EMBED_CHROME_HEIGHT};
use crate::shared::Shared;
use crate::state::{Comparison, Lab, PickNote, Scenario, Side, Speed};
use crate::url::{write_query, Shown};
use aks_model::running::changes_to_running_cluster;
use anatomy::AnatomyView;
use comparison::concealed_row;
use comparison::ComparisonView;
use controls::ControlsView;
use diagram::{DiagramView, PacketView};
use figures::{concealed_figure, FiguresView};
use lesson::LessonView;
use operation::OperationView;
use packet::{flow_choices, flow_label, FlowChoice, Outcome, TraceView};

/// The status line: whether the diagram shows what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub tone: Tone,
    pub message: String,
    /// The rest of the list the message leads, each openable in full.
    pub more: Vec<String>,
}

/// How the status line is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// The diagram shows what was asked.
    Ok,
    /// It does, with something to know (a link's problem, a failure).
    Warning,
    /// The input cannot be shown: the diagram keeps the last valid cluster.
    Error,
}

impl Tone {
    /// The CSS modifier (`status-line--{class}`).
    pub fn class(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// The packet's picker, player and hops.
#[derive(Clone, Debug, PartialEq)]
pub struct PathView {
    pub flows: Shared<Vec<FlowChoice>>,
    /// The followed flow's code.
    pub selected: Option<String>,
    /// The followed flow, when it is not one of the common flows (picked in
    /// the diagram).
    pub picked: Option<FlowChoice>,
    /// What the last click in the diagram did, or why it could not.
    pub note: Option<String>,
    pub trace: Option<Shared<TraceView>>,
    pub step: usize,
    pub playing: bool,
    pub speed: Speed,
    /// A lesson asks what the packet's addresses answer: they are concealed
    /// after its first hop, and its verdict, until the answer is revealed.
    pub concealed: bool,
}

impl PathView {
    /// The hops of the followed packet.
    pub fn hop_count(&self) -> usize {
        self.trace.as_ref().map_or(0, |trace| trace.hops.len())
    }

    /// Whether hop `index` is hidden: a lesson asks what the packet's
    /// addresses are after its first hop.
    pub fn hides(&self, index: usize) -> bool {
        self.concealed && hides_hop(index)
    }
}

/// A concealed packet shows its first hop only (the question is what
/// happens next).
pub fn hides_hop(index: usize) -> bool {
    index > 0
}

/// The scenario to take away: the `az` commands and the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportView {
    pub az: String,
    pub manifest: String,
}

/// The iframe snippet the export offers: the panels it shows, its link and
/// the height it asks the host page for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnippetView {
    /// Every panel, and whether the snippet shows it.
    pub panels: Vec<(Panel, bool)>,
    pub query: String,
    pub height: u32,
}

/// What the stage draws.
#[derive(Clone, Debug, PartialEq)]
pub struct StageView {
    pub diagram: Shared<DiagramView>,
    pub packet: Option<PacketView>,
    pub source: Option<(Rect, String)>,
}

/// Everything on screen, ready to draw.
#[derive(Clone, Debug)]
pub struct ViewModel {
    /// What the parts were made from, to know which to keep next time.
    plan: Shared<Plan>,
    /// The plan the stage draws (an operation's step, or `plan`).
    drawn: Shared<Plan>,
    /// The operation on the stage and its step, if any.
    staged: Option<(Shared<Rollout>, usize)>,
    frame: Frame,
    scenario: Shared<Scenario>,
    trace: Option<Shared<Trace>>,
    /// The comparison, the packet and its hop the comparison was drawn for.
    compared: Option<(Shared<Comparison>, Option<Flow>, usize)>,
    pub status: Status,
    pub controls: Shared<ControlsView>,
    /// The first model's drawing (kept for the next view model).
    diagram: Shared<DiagramView>,
    /// What the stage shows: the diagram on screen (the second model's, when
    /// comparing and asked for), its packet, the frame and code of a source
    /// clicked and waiting for its destination.
    pub stage: StageView,
    /// The preset's story, over the stage.
    pub caption: Option<&'static str>,
    pub path: PathView,
    /// The upgrade or scale the stage plays in place of the packet.
    pub operation: Option<Shared<OperationView>>,
    /// The last change of the node count, from and to, which the stage
    /// offers to play as a scale.
    pub offers_scale: Option<(usize, usize)>,
    pub anatomy: Shared<Option<AnatomyView>>,
    pub figures: Shared<FiguresView>,
    pub comparison: Option<Shared<ComparisonView>>,
    pub lesson: Option<Shared<LessonView>>,
    /// Whether the lesson's answer is revealed (or there is none to hide).
    pub revealed: bool,
    /// The address plan's figure and the comparison's row that show what
    /// the lesson asks, while it is concealed.
    pub concealed_figure: Option<&'static str>,
    pub concealed_row: Option<&'static str>,
    /// Once revealed, where the answer is in the diagram.
    pub highlight: Option<Rect>,
    pub export: Shared<ExportView>,
    pub snippet: SnippetView,
    /// Why the exported cluster would not be what the widget shows working.
    pub export_warning: Option<String>,
    /// Whether the source posts' claims are open (their preset opens them).
    pub claims_open: bool,
    /// The link that reproduces the view, and the same outside and in
    /// embed mode (for the full view's link and the iframe snippet).
    pub query: String,
    pub full_view_query: String,
}

impl ViewModel {
    /// The view of `lab`, keeping what did not change since `previous`.
    pub fn next(previous: Option<&ViewModel>, lab: &Lab) -> Self {
        let plan = lab.plan().clone();
        let scenario = lab.scenario.clone();
        let frame = if lab.narrow {
            Frame::NARROW
        } else {
            Frame::WIDE
        };
        // What depends on the plan only is kept across a change of frame
        // (a phone turned); the drawings depend on the frame too.
        let drawn = lab.stage_plan().clone();
        // The operation on the stage and its step: the drawing names each
        // node's progress in it.
        let staged = lab
            .operation
            .as_ref()
            .map(|operation| (operation.rollout.clone(), lab.step));
        let same_plan = previous.filter(|view| view.plan == plan);
        let same_drawn = previous.filter(|view| view.drawn == drawn);
        let same_drawing = same_drawn.filter(|view| view.frame == frame && view.staged == staged);
        let same_scenario = previous.filter(|view| view.scenario == scenario);
        let trace = lab.packet.as_ref().map(|packet| packet.trace.clone());
        let same_trace = same_plan.filter(|view| view.trace == trace);

        let diagram = same_drawing.map_or_else(
            || {
                let mut drawing = DiagramView::of(&drawn, frame);
                // Motion shows a change of one cluster in one frame: a step
                // of the same operation, or a change of the scenario outside
                // one. A preset, a lesson, a phone turned, an operation
                // starting or ending redraw without it.
                let same_operation = |view: &&ViewModel| {
                    view.staged.as_ref().map(|(rollout, _)| rollout)
                        == staged.as_ref().map(|(rollout, _)| rollout)
                };
                let continued = previous.filter(|view| {
                    view.frame == frame
                        && view.scenario.created == scenario.created
                        && same_operation(view)
                });
                if let Some(before) = continued {
                    drawing = drawing.moving_from(&before.diagram, &before.drawn, &drawn);
                }
                Shared::new(match &lab.operation {
                    Some(operation) => drawing
                        .in_operation(&drawn, |node| operation.rollout.progress(lab.step, node)),
                    None => drawing,
                })
            },
            |view| view.diagram.clone(),
        );
        let flows = same_plan.map_or_else(
            || Shared::new(flow_choices(&plan)),
            |view| view.path.flows.clone(),
        );
        let trace_view = same_trace.map_or_else(
            || {
                trace
                    .as_ref()
                    .map(|trace| Shared::new(TraceView::of(&plan, trace)))
            },
            |view| view.path.trace.clone(),
        );
        let controls = same_scenario
            .filter(|view| {
                view.controls.preset == lab.preset
                    && view.controls.lesson == lab.lesson.map(|(lesson, _)| lesson.name)
            })
            .map_or_else(
                || {
                    Shared::new(ControlsView::of(
                        &scenario,
                        lab.preset,
                        lab.lesson.map(|(lesson, _)| lesson.name),
                    ))
                },
                |view| view.controls.clone(),
            );
        let selected = lab.packet.as_ref().map(|packet| packet.flow.code());
        // A packet picked in the diagram, in words: once per packet, not
        // at every step.
        let picked = same_trace.map_or_else(
            || {
                lab.packet.as_ref().and_then(|packet| {
                    let code = packet.flow.code();
                    (!flows.iter().any(|choice| choice.code == code)).then(|| FlowChoice {
                        label: flow_label(&plan, &packet.flow),
                        code,
                    })
                })
            },
            |view| view.path.picked.clone(),
        );
        let flow = lab.packet.as_ref().map(|packet| packet.flow);
        let compared = lab
            .compare
            .as_ref()
            .map(|comparison| (comparison.clone(), flow, lab.step));
        let shown = lab.shown();
        let query = write_query(&scenario.spec, shown.clone());
        // The full view of an embed: the same scenario, every panel.
        let full_view = write_query(
            &scenario.spec,
            Shown {
                embed: false,
                show: None,
                ..shown.clone()
            },
        );
        let packet = lab
            .packet
            .as_ref()
            .and_then(|packet| diagram.packet(&plan, &packet.trace, lab.step));
        let comparison = compared.as_ref().map(|(comparison, flow, step)| {
            let kept = same_drawing.and_then(|view| view.comparison.clone());
            match kept.filter(|_| same_drawing.is_some_and(|view| view.compared == compared)) {
                Some(kept) => kept,
                None => {
                    let before = previous.and_then(|view| view.comparison.as_deref());
                    Shared::new(ComparisonView::of(
                        comparison, &plan, frame, *flow, *step, before,
                    ))
                }
            }
        });
        let lesson = lab.lesson.and_then(|(lesson, index)| {
            let kept = same_plan
                .and_then(|view| view.lesson.clone())
                .filter(|view| view.name == lesson.name && view.index == index);
            kept.or_else(|| LessonView::of(lesson, index, &plan).map(Shared::new))
        });
        let question = lesson.as_ref().and_then(|lesson| lesson.question.as_ref());
        let concealed = question
            .filter(|_| !lab.revealed)
            .map(|question| question.giveaway);
        let hide_path = concealed == Some(Giveaway::PacketPath);
        // The pointer is measured on the first model's drawing.
        let highlight = question
            .filter(|_| lab.revealed && lab.side == Side::First)
            .map(|question| diagram.pointed_at(&drawn, question.pointer));
        let conceal = |packet: PacketView| {
            if hide_path {
                packet.concealed(lab.step)
            } else {
                packet
            }
        };
        let packet = packet.map(conceal);
        let second = comparison
            .as_ref()
            .filter(|_| lab.side == Side::Second)
            .and_then(|view| view.shown.as_ref().ok());
        let stage = match second {
            Some(second) => StageView {
                diagram: second.diagram.clone(),
                packet: second
                    .packet
                    .as_ref()
                    .map(|(packet, _)| conceal(packet.clone())),
                source: None,
            },
            None => StageView {
                diagram: diagram.clone(),
                packet,
                source: lab.source.map(|source| {
                    let code = endpoint_code(source);
                    (diagram.source_frame(&plan, source), code)
                }),
            },
        };
        // Kept while the operation and its step are: a stopped step's fix
        // plans the upgrade again, several times.
        let operation = lab.operation.as_ref().map(|operation| {
            previous
                .filter(|view| view.staged == staged && view.scenario == scenario)
                .and_then(|view| view.operation.clone())
                .unwrap_or_else(|| Shared::new(OperationView::of(operation, lab)))
        });
        let anatomy = same_scenario.map_or_else(
            || Shared::new(AnatomyView::of(&plan, &scenario.spec)),
            |view| view.anatomy.clone(),
        );
        Self {
            status: status(
                lab,
                (*anatomy).as_ref(),
                trace_view.as_deref().filter(|_| !hide_path),
                operation.as_deref(),
            ),
            stage,
            caption: lab.preset.map(|preset| preset.shows),
            export_warning: export_warning(&plan),
            snippet: snippet(lab, &scenario),
            path: PathView {
                flows,
                selected,
                picked,
                note: lab.pick_note.as_ref().map(pick_note),
                trace: trace_view,
                step: lab.step,
                playing: lab.playing,
                speed: lab.speed,
                concealed: hide_path,
            },
            anatomy,
            figures: same_drawn.map_or_else(
                || Shared::new(FiguresView::of(&drawn, previous.map(|view| &*view.figures))),
                |view| view.figures.clone(),
            ),
            operation,
            offers_scale: lab
                .scaled_from
                .as_ref()
                .filter(|_| lab.operation.is_none())
                .map(|before| (before.nodes.len(), plan.nodes.len())),
            comparison,
            revealed: lab.revealed || question.is_none(),
            concealed_figure: concealed_figure(concealed),
            concealed_row: concealed_row(concealed),
            highlight,
            lesson,
            export: same_scenario.map_or_else(
                || {
                    Shared::new(ExportView {
                        az: az_commands(&scenario.spec),
                        manifest: manifest(&scenario.spec),
                    })
                },
                |view| view.export.clone(),
            ),
            claims_open: lab.preset.is_some_and(|preset| preset.opens_claims),
            full_view_query: full_view,
            query,
            controls,
            diagram,
            plan,
            drawn,
            staged,
            frame,
            scenario,
            trace,
            compared,
        }
    }
}

/// The status line of `lab`: the first input problem, else what the link
/// asked for that could not be used, else the first failure, else a port
/// mapping that refuses packets, else a followed packet that does not
/// arrive, else what runs.
fn status(
    lab: &Lab,
    anatomy: Option<&AnatomyView>,
    trace: Option<&TraceView>,
    operation: Option<&OperationView>,
) -> Status {
    let plan = lab.plan();
    let says = |tone, message: String| Status {
        tone,
        message,
        more: Vec::new(),
    };
    if let Some(problem) = lab.scenario.problems.first() {
        return says(
            Tone::Error,
            format!("{problem} The diagram still shows the last valid cluster."),
        );
    }
    if let Some((first, more)) = lab.link_problems.split_first() {
        return Status {
            more: more.iter().map(ToString::to_string).collect(),
            ..says(Tone::Warning, format!("From the link: {first}"))
        };
    }
    // An operation on the stage: the drawing is its step, not the scenario.
    if let Some(operation) = operation {
        let tone = if operation.stop.is_some() {
            Tone::Warning
        } else {
            Tone::Ok
        };
        return says(
            tone,
            format!(
                "{}: step {} of {}. The diagram, the figures and the address maps show this step; the scenario itself does not change.",
                operation.title,
                operation.step + 1,
                operation.steps
            ),
        );
    }
    // What fails in the plan first, then what AKS would say to this change
    // on the cluster as it was created.
    let running = changes_to_running_cluster(&lab.scenario.created, &lab.scenario.spec);
    let mut warnings = plan
        .failures
        .iter()
        .map(ToString::to_string)
        .chain(running.iter().map(ToString::to_string));
    if let Some(first) = warnings.next() {
        return Status {
            more: warnings.collect(),
            ..says(Tone::Warning, first)
        };
    }
    if let Some(broken) = anatomy.and_then(|anatomy| anatomy.broken.as_ref()) {
        return says(Tone::Warning, format!("Broken mapping: {}", broken.why));
    }
    if let Some(verdict) = trace
        .map(|trace| &trace.verdict)
        .filter(|verdict| verdict.outcome != Outcome::Delivered)
    {
        return says(
            Tone::Warning,
            format!("The packet you follow: {}", verdict.text),
        );
    }
    says(
        Tone::Ok,
        format!(
            "{}{}: {} node(s) Ready{}{}, {} pod(s) Running.",
            plan.plugin,
            match plan.dataplane {
                aks_model::Dataplane::KubeProxy => "",
                aks_model::Dataplane::Cilium => " powered by Cilium",
            },
            plan.ready_nodes().count(),
            match plan.pools.len() {
                0 | 1 => String::new(),
                pools => format!(" in {pools} pools"),
            },
            plan.autoscaler().map_or(String::new(), |range| format!(
                " (autoscaler: {} to {})",
                range.min, range.max
            )),
            plan.capacity.pods_running
        ),
    )
}

/// Why the exported commands would not build what the widget shows
/// working: the plan's first failure.
fn export_warning(plan: &Plan) -> Option<String> {
    plan.failures.first().map(|failure| {
        format!("This cluster fails in the widget ({failure}): the commands below reproduce the failure, not a working cluster.")
    })
}

/// The iframe snippet for `lab`: the panels its author chose, and a height
/// that fits them in a blog column (the widget also tells the host page its
/// real height, for a host that listens).
fn snippet(lab: &Lab, scenario: &Scenario) -> SnippetView {
    let panels = lab.snippet_panels;
    let height = EMBED_CHROME_HEIGHT + panels.iter().map(Panel::embed_height).sum::<u32>();
    let shown = Shown {
        embed: true,
        show: (panels != Panels::embedded(lab.lesson.is_some(), lab.compare.is_some()))
            .then_some(panels),
        ..lab.shown()
    };
    SnippetView {
        panels: Panel::ALL
            .into_iter()
            .map(|panel| (panel, panels.contains(panel)))
            .collect(),
        query: write_query(&scenario.spec, shown),
        height,
    }
}

/// What a click in the diagram did, in words.
fn pick_note(note: &PickNote) -> String {
    match note {
        PickNote::ChooseDestination => "Now click where the packet goes.".into(),
        PickNote::DestinationOnly => "That is a destination only: click a source first (a pod, a node, or a host outside the cluster).".into(),
        PickNote::NotADestination => "That cannot be a destination.".into(),
        PickNote::Refused(why) => why.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Count, Setting};
    use crate::state::Action;
    use crate::url::read_query;

    fn lab(query: &str) -> Lab {
        Lab::from_link(read_query(query))
    }

    /// learn: aks/upgrade-conceptual: from its first step the diagram names
    /// where each node is in the upgrade, and back to packets it names none;
    /// motion shows only a change within one cluster (a step of the same
    /// operation), never the switch to or from an operation or a preset.
    #[test]
    fn an_operation_labels_its_nodes_and_moves_only_between_its_steps() {
        use crate::state::Action;
        let labels = |view: &ViewModel| -> Vec<Option<&'static str>> {
            view.stage
                .diagram
                .cards
                .iter()
                .map(|card| card.progress)
                .collect()
        };
        let moving = |view: &ViewModel| {
            view.stage
                .diagram
                .cards
                .iter()
                .any(|card| card.arrives_from.is_some())
                || !view.stage.diagram.departed.is_empty()
        };
        let packets = lab("model=kubenet");
        let first = ViewModel::next(None, &packets);
        let upgrading = packets.apply(Action::Upgrade);
        let started = ViewModel::next(Some(&first), &upgrading);
        assert_eq!(labels(&started), [Some("waiting"); 3]);
        assert!(!moving(&started), "starting an upgrade moves nothing");
        assert!(started
            .status
            .message
            .starts_with("Rolling upgrade, 1 surge node(s): step 1 of 10."));
        let surged = upgrading.apply(Action::StepForward);
        let step2 = ViewModel::next(Some(&started), &surged);
        assert!(moving(&step2), "the surge node arrives");
        assert_eq!(labels(&step2)[3], Some("surge"));
        let ended = surged.apply(Action::EndOperation);
        let back = ViewModel::next(Some(&step2), &ended);
        assert_eq!(labels(&back), [None; 3]);
        assert!(!moving(&back), "ending it moves nothing");
        let preset = ended.apply(Action::LoadPreset("cni".into()));
        assert!(!moving(&ViewModel::next(Some(&back), &preset)));
    }

    /// A phone turned (a new frame) draws the diagram again and keeps what
    /// depends on the plan only: the figures, the flows, the hop rows.
    #[test]
    fn a_new_frame_redraws_only_the_drawing() {
        let wide = lab("model=kubenet&flow=pod0.pod1");
        let first = ViewModel::next(None, &wide);
        let narrow = ViewModel::next(Some(&first), &wide.apply(Action::SetNarrow(true)));
        assert_ne!(narrow.diagram, first.diagram);
        assert_eq!(narrow.figures, first.figures);
        assert_eq!(narrow.path.flows, first.path.flows);
        assert_eq!(narrow.path.trace, first.path.trace);
    }

    /// The status line leads with what fails in the plan, then says what AKS
    /// would say to the change on a running cluster (aks-facts §6.1, §1.8).
    #[test]
    fn the_status_puts_failures_before_changes_to_a_running_cluster() {
        let created = lab("model=cni&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24");
        let changed = created
            .apply(Action::EditCount(Count::MaxPods, "40".into()))
            .apply(Action::EditCount(Count::Nodes, "10".into()));
        let status = ViewModel::next(None, &changed).status;
        assert!(
            status.message.starts_with("InsufficientSubnetSize"),
            "{}",
            status.message
        );
        assert!(
            status
                .more
                .iter()
                .any(|line| line.contains("max pods (30 → 40)")),
            "{:?}",
            status.more
        );
        let only_max_pods = created.apply(Action::EditCount(Count::MaxPods, "40".into()));
        let status = ViewModel::next(None, &only_max_pods).status;
        assert!(
            status
                .message
                .starts_with("On a running cluster AKS refuses this: max pods"),
            "{}",
            status.message
        );
    }

    /// A hop redraws the packet only: the diagram, the figures, the anatomy
    /// and the hop rows are the same objects as before.
    #[test]
    fn a_step_keeps_every_part_but_the_packet() {
        let before = lab("model=kubenet&flow=pod0.pod1");
        let first = ViewModel::next(None, &before);
        let stepped = ViewModel::next(Some(&first), &before.apply(Action::StepForward));
        assert_eq!(stepped.diagram, first.diagram);
        assert_eq!(stepped.figures, first.figures);
        assert_eq!(stepped.anatomy, first.anatomy);
        assert_eq!(stepped.path.trace, first.path.trace);
        assert_eq!(stepped.path.flows, first.path.flows);
        assert_ne!(stepped.stage.packet, first.stage.packet);
        assert_eq!(stepped.path.step, 1);
        assert!(
            stepped.query.ends_with("&flow=pod0.pod1&hop=2"),
            "{}",
            stepped.query
        );
        // A new plan redraws what depends on it.
        let grown = before.apply(Action::Set(Setting::Count(Count::Nodes, 4)));
        let replanned = ViewModel::next(Some(&stepped), &grown);
        assert_ne!(replanned.diagram, stepped.diagram);
        assert_eq!(replanned.diagram.cards.len(), 4);
    }

    /// aks-facts §5.7: the same packet to a peered VNet, under Overlay and
    /// Pod Subnet; the second plan's drawing and trace are kept while the
    /// packet steps, and only the packet moves.
    #[test]
    fn a_comparison_follows_the_packet_through_the_second_plan() {
        let overlay = lab("model=overlay&compare=podsubnet&flow=pod0.peered");
        let first = ViewModel::next(None, &overlay);
        let comparison = first.comparison.as_deref().expect("compared");
        let Ok(compared) = &comparison.shown else {
            panic!("the inputs fit Pod Subnet")
        };
        let (packet, verdict) = compared.packet.as_ref().expect("the packet, beside");
        assert!(
            verdict.text.contains("10.225."),
            "the pod's own address: {}",
            verdict.text
        );
        assert_eq!(compared.differences[0].what, "VNet addresses in use");
        // The same state: the same comparison.
        assert_eq!(
            ViewModel::next(Some(&first), &overlay).comparison,
            first.comparison
        );
        let stepped = ViewModel::next(Some(&first), &overlay.apply(Action::StepForward));
        let Ok(kept) = &stepped.comparison.as_deref().expect("compared").shown else {
            panic!("compared")
        };
        assert_eq!(kept.diagram, compared.diagram);
        assert_eq!(
            kept.trace.as_ref().map(|(_, t)| t),
            compared.trace.as_ref().map(|(_, t)| t)
        );
        assert_ne!(kept.packet.as_ref().map(|(p, _)| p), Some(packet));
        // Inputs that do not fit the second model are said: Azure CNI Node
        // Subnet has no pod CIDR, so one over the node subnet is fine there,
        // and not under Overlay.
        let cni = lab("model=cni&podCidr=10.224.0.0/16&compare=overlay");
        let view = ViewModel::next(None, &cni);
        let Err(why) = &view.comparison.as_deref().expect("compared").shown else {
            panic!("the pod CIDR overlaps the node subnet")
        };
        assert!(
            why.starts_with("These inputs do not fit Azure CNI Overlay: the pod CIDR"),
            "{why}"
        );
    }

    #[test]
    fn the_status_line_says_what_matters_most() {
        let ok = ViewModel::next(None, &lab("model=kubenet"));
        assert_eq!(
            ok.status,
            Status {
                tone: Tone::Ok,
                message: "kubenet: 3 node(s) Ready, 3 pod(s) Running.".into(),
                more: Vec::new(),
            }
        );
        let from_link = ViewModel::next(None, &lab("model=kubenet&nodes=x&color=red"));
        assert_eq!(from_link.status.tone, Tone::Warning);
        assert_eq!(
            from_link.status.message,
            "From the link: nodes: \"x\" is not a whole number."
        );
        // The rest of the list opens in full.
        assert_eq!(from_link.status.more.len(), 1);
        assert!(
            from_link.status.more[0].contains("color"),
            "{:?}",
            from_link.status.more
        );
        let typing = lab("model=kubenet").apply(Action::EditCount(Count::MaxPods, "300".into()));
        let error = ViewModel::next(None, &typing);
        assert_eq!(error.status.tone, Tone::Error);
        assert!(error
            .status
            .message
            .ends_with("The diagram still shows the last valid cluster."));
        let full = ViewModel::next(
            None,
            &lab("model=cni&nodes=8&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24"),
        );
        assert!(
            full.status.message.starts_with("InsufficientSubnetSize"),
            "{}",
            full.status.message
        );
    }

    /// What answers a lesson's question is concealed until the learner
    /// reveals it, wherever it would show: here the packet's header after its
    /// first hop and the comparison's row
    /// of whom a peered VM sees (aks-facts §5.7); then the diagram frames
    /// where the answer is.
    #[test]
    fn a_lesson_conceals_its_answer_until_revealed() {
        let asked = lab("lesson=compare&step=2").apply(Action::StepForward);
        let view = ViewModel::next(None, &asked);
        assert!(view.path.concealed && !view.revealed);
        assert_eq!(view.highlight, None);
        let header = view
            .stage
            .packet
            .as_ref()
            .map(|packet| packet.header.to_string());
        assert_eq!(header.as_deref(), Some(diagram::CONCEALED_HEADER));
        assert_eq!(view.concealed_figure, None);
        // The comparison's row that answers it is the one concealed.
        let row = view.concealed_row.expect("a concealed row");
        let Some(Ok(compared)) = view.comparison.as_deref().map(|c| &c.shown) else {
            panic!("compared")
        };
        let answering = compared.differences.iter().find(|d| d.what == row);
        assert!(
            answering.is_some_and(|d| d.values.iter().any(|v| v.contains("10."))),
            "{answering:?}"
        );
        // So is the packet on the second model's tab.
        let second = ViewModel::next(None, &asked.apply(Action::ShowSide(Side::Second)));
        let header = second.stage.packet.map(|packet| packet.header.to_string());
        assert_eq!(header.as_deref(), Some(diagram::CONCEALED_HEADER));
        let revealed = ViewModel::next(None, &asked.apply(Action::Reveal));
        assert_eq!((revealed.concealed_row, revealed.revealed), (None, true));
        assert!(revealed.highlight.is_some());
        assert!(revealed
            .stage
            .packet
            .is_some_and(|packet| packet.header.contains("10.")));
        // A figure's question conceals that figure only.
        let figure = ViewModel::next(None, &lab("lesson=overlay&step=2"));
        assert_eq!(figure.concealed_figure, Some("max-nodes"));
        assert!(!figure.path.concealed);
    }

    /// A flow picked in the diagram is offered in the picker by its name.
    #[test]
    fn a_picked_flow_joins_the_picker() {
        let picked = lab("model=kubenet")
            .apply(Action::Pick("node1".into()))
            .apply(Action::Pick("pod0".into()));
        let view = ViewModel::next(None, &picked);
        assert_eq!(view.path.selected.as_deref(), Some("node1.pod0"));
        assert_eq!(
            view.path
                .picked
                .as_ref()
                .map(|choice| choice.label.as_str()),
            Some("aks-nodepool1-39054224-vmss000001 → pod web-0:8080")
        );
        let note = lab("model=kubenet").apply(Action::Pick("lb0".into()));
        assert!(ViewModel::next(None, &note)
            .path
            .note
            .is_some_and(|n| n.starts_with("That is a destination only")));
    }
}
