use yew::prelude::*;

use crate::components::{verdict_view, CONCEALED};
use crate::state::Action;
use crate::view_model::citations::Citation;
use crate::view_model::packet::{HopRow, TraceView};
use crate::view_model::PathView;

/// The current hop, told beside the diagram: where the packet is, its
/// addresses as it leaves, what rewrote them and why, with its source; at
/// the last hop, the verdict. A plain function: it holds no state.
pub fn hop_story(path: &PathView, on_action: &Callback<Action>) -> Html {
    let Some(trace) = &path.trace else {
        return html! { <p class="story__empty">{ "Pick a flow, or a source and then a destination in the diagram." }</p> };
    };
    let Some(hop) = trace.hops.get(path.step) else {
        return Html::default();
    };
    let hidden = path.hides(path.step);
    html! {
        <div class="story" aria-live="polite" data-testid="story">
            <p class="story__where">{ format!("Hop {}: {}", path.step + 1, hop.place) }</p>
            { addresses(hop, hidden) }
            if !hidden {
                <p class="story__why">{ hop.explanation.clone() }{ source(hop) }</p>
            }
            if path.step + 1 >= trace.hops.len() {
                { verdict(path, trace, "verdict", on_action) }
            }
        </div>
    }
}

/// Every hop of the followed packet, the current one marked and the later
/// ones dimmed; its verdict and the reply's way back. A plain function.
pub fn hop_list(path: &PathView, on_action: &Callback<Action>) -> Html {
    let Some(trace) = &path.trace else {
        return html! { <p class="story__empty">{ "No packet is followed." }</p> };
    };
    let step = path.step;
    html! {
        <section class="packet" aria-label="Packet path, hop by hop">
            <ol class="hops">
                { for trace.hops.iter().enumerate().map(|(index, hop)| hop_row(hop, index, step, path.hides(index), "hop")) }
            </ol>
            if step + 1 >= trace.hops.len() {
                { verdict(path, trace, "verdict-list", on_action) }
                if !trace.reply.is_empty() && !path.concealed {
                    <details class="reply">
                        <summary>{ "The reply's way back" }</summary>
                        <ol class="hops">
                            { for trace.reply.iter().enumerate().map(|(index, hop)| hop_row(hop, index, usize::MAX, false, "reply-hop")) }
                        </ol>
                    </details>
                }
            }
        </section>
    }
}

/// The verdict, unless a lesson asks what it shows, and the documented fix
/// when there is one.
fn verdict(
    path: &PathView,
    trace: &TraceView,
    test_id: &'static str,
    on_action: &Callback<Action>,
) -> Html {
    if path.concealed {
        return html! {
            <p class="verdict" data-concealed="true" data-testid={test_id}>{ "The verdict is hidden until you reveal the lesson's answer." }</p>
        };
    }
    let fix = trace.fix.map(|(fix, offer)| {
        let onclick = on_action.reform(move |_| Action::ApplyFix(fix));
        html! { <button type="button" class="verdict__fix" data-testid="apply-fix" {onclick}>{ offer }</button> }
    });
    html! {
        <>
            { verdict_view(&trace.verdict, test_id, None) }
            { fix.unwrap_or_default() }
        </>
    }
}

/// One hop; `step` is the hop shown as current (later ones are dimmed);
/// `hidden`: its addresses and why are concealed (a lesson asks for them).
fn hop_row(hop: &HopRow, index: usize, step: usize, hidden: bool, test_id: &'static str) -> Html {
    let stage = match index.cmp(&step) {
        std::cmp::Ordering::Less => "hop--past",
        std::cmp::Ordering::Equal => "hop--current",
        std::cmp::Ordering::Greater => "hop--future",
    };
    html! {
        <li class={classes!("hop", stage)} data-testid={test_id} data-at={hop.at} data-src={(!hidden).then(|| hop.src.clone())}
            data-dst={(!hidden).then(|| hop.dst.clone())} aria-current={(index == step).then_some("step")}>
            <div class="hop__where">{ hop.place.clone() }</div>
            { addresses(hop, hidden) }
            if index <= step && !hidden {
                <p class="hop__why">{ hop.explanation.clone() }{ source(hop) }</p>
            }
        </li>
    }
}

/// A hop's source and destination as it leaves, the rewritten fields marked,
/// and what rewrote them; or, `hidden`, question marks.
fn addresses(hop: &HopRow, hidden: bool) -> Html {
    if hidden {
        return html! {
            <div class="hop__addresses" data-concealed="true">
                <span class="hop__field">{ CONCEALED }</span>{ " → " }<span class="hop__field">{ CONCEALED }</span>
            </div>
        };
    }
    let field = |changed: bool, text: AttrValue| {
        html! { <span class={classes!("hop__field", changed.then_some("hop__field--changed"))}>{ text }</span> }
    };
    html! {
        <div class="hop__addresses">
            { field(hop.src_changed, hop.src.clone()) }
            { " → " }
            { field(hop.dst_changed, hop.dst.clone()) }
            if let Some(device) = &hop.device {
                <span class="hop__device">{ device.clone() }</span>
            }
        </div>
    }
}

/// Where the hop's facts come from: the public page, as a link.
fn source(hop: &HopRow) -> Html {
    let derived = hop.derived.then(|| {
        html! {
            <>
                { " " }
                <span class="hop__derived" data-testid="derived" title="Reasoned from documented behaviour; no page says it in these words">{ "derived" }</span>
            </>
        }
    });
    html! { <>{ derived.unwrap_or_default() }{ cited(hop.source, hop.reference) }</> }
}

/// A source in brackets: its public page as a link, else its reference.
pub fn cited(page: Option<Citation>, reference: &str) -> Html {
    match page {
        Some(page) => html! {
            <>
                { " " }
                <a class="hop__ref" href={page.url} target="_blank" rel="noopener" title={reference.to_string()}>{ format!("({})", page.title) }</a>
            </>
        },
        None => html! { <span class="hop__ref">{ format!(" ({reference})") }</span> },
    }
}
