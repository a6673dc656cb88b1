use web_sys::Element;
use yew::prelude::*;

use crate::address_map::{changed_cells, AddressMap, Use, CELL_SIDE};
use crate::components::read_out;
use crate::shared::Shared;
use crate::view_model::figures::FiguresView;

/// Each range of the plan as a grid of addresses (the node subnet, the pod
/// range, a services subnet, the service CIDR), coloured (and named in the
/// readout) by what uses them. A plain function: each grid is the
/// component, drawn again only when its own map changes.
pub fn address_maps(figures: &FiguresView) -> Html {
    html! {
        <div class="address-maps">
            { for figures.maps.iter().map(|view| html! {
                <AddressGrid key={view.key.clone()} caption={view.caption.clone()} cidr={view.cidr.clone()} map={view.map.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AddressGridProps {
    caption: String,
    cidr: String,
    map: Shared<AddressMap>,
}

/// One range's grid, drawn again only when its own map changes: one path
/// per use (a few elements, not one per cell), and over it the cells that
/// just changed, fading from their old use to their new one (new
/// allocations appear, released ones fade).
/// Pointing at a cell writes what it holds under the grid.
#[component]
fn AddressGrid(props: &AddressGridProps) -> Html {
    let AddressGridProps { caption, cidr, map } = props;
    let readout = use_node_ref();
    let previous = use_mut_ref(|| None::<Shared<AddressMap>>);
    let generation = use_mut_ref(|| 0u32);
    // The props changed (the grid is drawn only then): what moved since the last map?
    let changed = previous
        .borrow()
        .as_ref()
        .map(|before| changed_cells(before, map))
        .unwrap_or_default();
    *previous.borrow_mut() = Some(map.clone());
    *generation.borrow_mut() += 1;
    let generation = *generation.borrow();
    let on_point = {
        let (readout, map) = (readout.clone(), map.clone());
        Callback::from(move |event: MouseEvent| {
            // yew delegates events to its root, so the grid is found from the target.
            let Some(grid) = event
                .target_dyn_into::<Element>()
                .and_then(|target| target.closest("svg").ok().flatten())
            else {
                return;
            };
            let bounds = grid.get_bounding_client_rect();
            let scale = (map.columns() * CELL_SIDE) as f64 / bounds.width().max(1.0);
            let x = (f64::from(event.client_x()) - bounds.left()) * scale;
            let y = (f64::from(event.client_y()) - bounds.top()) * scale;
            if let Some(cell) = map.cell_at(x, y) {
                read_out(&readout, &cell.describe());
            }
        })
    };
    let columns = map.columns();
    html! {
        <figure class="address-map" data-testid="address-map">
            <figcaption>{ caption.clone() }</figcaption>
            <svg class="address-map__grid" viewBox={format!("0 0 {} {}", columns * CELL_SIDE, map.cells.len().div_ceil(columns) * CELL_SIDE)}
                role="img" aria-label={format!("Address map of {cidr}")} onmousemove={on_point}>
                { for map.paths().into_iter().map(|(use_, count, d)| html! {
                    <path class={format!("cell cell--{}", use_.class())} data-use={use_.class()} data-cells={count.to_string()} {d} />
                }) }
                // Each changed cell, in the use it had, fading to reveal the use it has.
                { for changed.into_iter().map(|(index, was, _)| html! {
                    <rect key={format!("{generation}-{index}")} class={format!("cell-change cell--{}", was.class())}
                        x={((index % columns) * CELL_SIDE).to_string()} y={((index / columns) * CELL_SIDE).to_string()}
                        width={(CELL_SIDE - 1).to_string()} height={(CELL_SIDE - 1).to_string()} />
                }) }
            </svg>
            <p class="readout address-map__readout" ref={readout} aria-hidden="true">{ "Point at a cell to read its addresses." }</p>
            <ul class="legend">
                { for Use::ALL.iter().filter(|u| map.total(**u) > 0).map(|u| html! {
                    <li><span class={format!("legend__swatch cell--{}", u.class())} aria-hidden="true"></span>
                        { format!("{} {}", map.total(*u), u.label()) }</li>
                }) }
            </ul>
        </figure>
    }
}
