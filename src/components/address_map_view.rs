use web_sys::Element;
use yew::prelude::*;

use crate::address_map::{Use, CELL_SIDE};
use crate::components::read_out;
use crate::shared::Shared;
use crate::view_model::figures::{FiguresView, MapView};

/// The pools' shades in `styles/address-map.css`, used in turn.
const POOL_SHADES: u8 = 4;

/// Each range of the plan as a grid of addresses (the node subnet, the pod
/// range, a services subnet, the service CIDR), coloured (and named in the
/// readout) by what uses them. A plain function: each grid is the
/// component, drawn again only when its own map changes.
pub fn address_maps(figures: &FiguresView) -> Html {
    html! {
        <div class="address-maps">
            { for figures.maps.iter().map(|view| html! {
                <AddressGrid key={view.key.clone()} view={view.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AddressGridProps {
    view: Shared<MapView>,
}

/// One range's grid, drawn again only when its own map changes: one path
/// per use, and over it the cells that just changed, fading from their old
/// use to their new one (new allocations appear, released ones fade).
/// Pointing at a cell writes what it holds under the grid.
#[component]
fn AddressGrid(props: &AddressGridProps) -> Html {
    let view = &props.view;
    let readout = use_node_ref();
    let on_point = {
        let (readout, view) = (readout.clone(), view.clone());
        Callback::from(move |event: MouseEvent| {
            // yew delegates events to its root, so the grid is found from the target.
            let Some(grid) = event
                .target_dyn_into::<Element>()
                .and_then(|target| target.closest("svg").ok().flatten())
            else {
                return;
            };
            let bounds = grid.get_bounding_client_rect();
            let scale = (view.columns * CELL_SIDE) as f64 / bounds.width().max(1.0);
            let x = (f64::from(event.client_x()) - bounds.left()) * scale;
            let y = (f64::from(event.client_y()) - bounds.top()) * scale;
            if let Some(cell) = view.map.cell_at(x, y) {
                read_out(&readout, &cell.describe());
            }
        })
    };
    // The keyboard's cell: arrow keys walk the grid, and the readout (live
    // for screen readers) says what each cell holds.
    // Only the keyboard's cells are announced: pointing would flood a
    // screen reader with every cell the pointer crosses.
    let cursor = use_state(|| None::<usize>);
    let announced = use_node_ref();
    let on_key = {
        let (readout, announced) = (readout.clone(), announced.clone());
        let (view, cursor) = (view.clone(), cursor.clone());
        Callback::from(move |event: KeyboardEvent| {
            let Some(next) = view.map.cell_after_key(*cursor, &event.key()) else {
                return;
            };
            event.prevent_default();
            if let Some(cell) = view.map.cells.get(next) {
                let words = cell.describe();
                read_out(&readout, &words);
                read_out(&announced, &words);
            }
            cursor.set(Some(next));
        })
    };
    let side = (CELL_SIDE - 1).to_string();
    let columns = view.columns.max(1);
    html! {
        <figure class="address-map" data-testid="address-map">
            <figcaption>{ view.caption.clone() }</figcaption>
            <svg class="address-map__grid" viewBox={format!("0 0 {} {}", view.columns * CELL_SIDE, view.rows * CELL_SIDE)}
                role="img" tabindex="0" onmousemove={on_point} onkeydown={on_key}
                aria-label={format!("Address map of {}: arrow keys read each cell", view.key)}>
                { for view.paths.iter().map(|(use_, count, d)| html! {
                    <path class={format!("cell cell--{}", use_.class())} data-use={use_.class()} data-cells={count.to_string()} d={d.clone()} />
                }) }
                // Each pool's share, outlined in its own shade.
                { for view.pools.iter().map(|(pool, _, d)| html! {
                    <path class={format!("pool-share pool-share--{}", pool % POOL_SHADES)} data-pool={pool.to_string()} d={d.clone()} />
                }) }
                // Each changed cell, in the use it had, fading to reveal the use it has.
                { for view.changed.iter().map(|((x, y), was)| html! {
                    <rect key={format!("{}-{x}-{y}", view.generation)} class={format!("cell-change cell--{}", was.class())}
                        x={x.to_string()} y={y.to_string()} width={side.clone()} height={side.clone()} />
                }) }
                if let Some(index) = *cursor {
                    <rect class="address-map__cursor" x={(index % columns * CELL_SIDE).to_string()}
                        y={(index / columns * CELL_SIDE).to_string()} width={side.clone()} height={side.clone()} />
                }
            </svg>
            <p class="readout address-map__readout" ref={readout} aria-hidden="true">{ "Point at a cell, or focus the grid and use the arrow keys, to read its addresses." }</p>
            <p class="sr-only" ref={announced} aria-live="polite"></p>
            <ul class="legend">
                { for Use::ALL.iter().filter(|u| view.map.total(**u) > 0).map(|u| html! {
                    <li><span class={format!("legend__swatch cell--{}", u.class())} aria-hidden="true"></span>
                        { format!("{} {}", view.map.total(*u), u.label()) }</li>
                }) }
                { for view.pools.iter().map(|(pool, words, _)| html! {
                    <li><span class={format!("legend__swatch legend__swatch--pool pool-share--{}", pool % POOL_SHADES)} aria-hidden="true"></span>
                        { words.clone() }</li>
                }) }
            </ul>
        </figure>
    }
}
