use aks_model::plan::PUBLIC_RANGE;
use aks_model::{Plan, RangeName, RangePlan};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::address_map::{address_map, AddressMap, Use};
use crate::shared::Shared;

#[derive(Properties, PartialEq)]
pub struct AddressMapViewProps {
    pub plan: Shared<Plan>,
}

/// Each range of the plan as a grid of addresses (the node subnet, the pod
/// range, a services subnet, the service CIDR), coloured (and named in each
/// cell's tooltip) by what uses them.
#[component]
pub fn AddressMapView(props: &AddressMapViewProps) -> Html {
    let plan = &props.plan;
    // Counted once per plan, not on every render of the panel.
    let maps = use_memo(plan.clone(), |plan| {
        // The lab's stand-in for the internet's addresses is not a range of
        // the cluster's.
        plan.ranges
            .iter()
            .filter(|range| range.name != RangeName::Subnet(PUBLIC_RANGE.into()))
            .map(|range| (range.clone(), address_map(plan, range)))
            .collect::<Vec<_>>()
    });
    html! {
        <div class="address-maps">
            { for maps.iter().map(|(range, map)| html! {
                <AddressGrid key={range.cidr.to_string()} range={range.clone()} map={map.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AddressGridProps {
    range: RangePlan,
    map: AddressMap,
}

/// One range's grid, drawn again only when its own map changes. Pointing at
/// a cell writes what it holds under the grid, through its element rather
/// than a re-render (a tooltip per cell would double the page's elements).
#[component]
fn AddressGrid(props: &AddressGridProps) -> Html {
    let AddressGridProps { range, map } = props;
    let readout = use_node_ref();
    let on_point = {
        let readout = readout.clone();
        Callback::from(move |event: MouseEvent| {
            let label = event
                .target_dyn_into::<Element>()
                .and_then(|cell| cell.get_attribute("data-label"));
            if let (Some(label), Some(out)) = (label, readout.cast::<HtmlElement>()) {
                out.set_text_content(Some(&label));
            }
        })
    };
    let per_cell = map.cells.first().map_or(1, |cell| cell.size);
    let columns = (map.cells.len() as f64).sqrt().ceil() as usize;
    let side = 12;
    let caption = format!(
        "{} {} — {}% of {} usable in use{}",
        range_title(&range.name),
        range.cidr,
        map.used_percent(),
        map.usable,
        if per_cell > 1 {
            format!(" · {per_cell} addresses per cell")
        } else {
            String::new()
        }
    );
    html! {
        <figure class="address-map" data-testid="address-map">
            <figcaption>{ caption }</figcaption>
            <svg class="address-map__grid" viewBox={format!("0 0 {} {}", columns * side, map.cells.len().div_ceil(columns) * side)}
                role="img" aria-label={format!("Address map of {}", range.cidr)} onmouseover={on_point}>
                { for map.cells.iter().enumerate().map(|(index, cell)| {
                    let shown_as = cell.shown_as();
                    let label = if cell.size == 1 {
                        format!("{}: {}", cell.first, shown_as.label())
                    } else {
                        let detail = Use::ALL.iter().filter(|u| cell.count(**u) > 0)
                            .map(|u| format!("{} {}", cell.count(*u), u.label()))
                            .collect::<Vec<_>>().join(", ");
                        format!("{} (+{}): {detail}", cell.first, cell.size - 1)
                    };
                    html! {
                        <rect key={index} class={format!("cell cell--{}", shown_as.class())} data-use={shown_as.class()}
                            data-label={label}
                            x={((index % columns) * side).to_string()} y={((index / columns) * side).to_string()}
                            width={(side - 1).to_string()} height={(side - 1).to_string()} />
                    }
                }) }
            </svg>
            <p class="address-map__readout" ref={readout} aria-hidden="true">{ "Point at a cell to read its addresses." }</p>
            <ul class="legend">
                { for Use::ALL.iter().filter(|u| map.total(**u) > 0).map(|u| html! {
                    <li><span class={format!("legend__swatch cell--{}", u.class())} aria-hidden="true"></span>
                        { format!("{} {}", map.total(*u), u.label()) }</li>
                }) }
            </ul>
        </figure>
    }
}

fn range_title(name: &RangeName) -> String {
    match name {
        RangeName::NodeSubnet => "Node subnet".into(),
        RangeName::PodSubnet => "Pod subnet".into(),
        RangeName::PodCidr => "Pod CIDR".into(),
        RangeName::ServiceCidr => "Service CIDR".into(),
        RangeName::Subnet(subnet) => format!("Subnet {subnet}"),
        RangeName::Vnet => "VNet".into(),
    }
}
