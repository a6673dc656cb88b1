use yew::prelude::*;

use crate::view_model::chart::{
    ChartView, CHART_HEIGHT, CHART_WIDTH, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP,
};

/// The VNet addresses each model takes as the node count grows, against the
/// node subnet's usable addresses, with a legend that says where each runs
/// out. A plain function: it holds no state.
pub fn capacity_chart(chart: &ChartView) -> Html {
    let at = |value: i32| value.to_string();
    html! {
        <figure class="chart" data-testid="capacity-chart">
            <svg class="chart__drawing" viewBox={format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}")} role="img"
                aria-label={chart.summary.clone()}>
                <line class="chart__axis" x1={at(PLOT_LEFT)} y1={at(PLOT_BOTTOM)} x2={at(PLOT_RIGHT)} y2={at(PLOT_BOTTOM)} />
                <line class="chart__axis" x1={at(PLOT_LEFT)} y1={at(PLOT_TOP)} x2={at(PLOT_LEFT)} y2={at(PLOT_BOTTOM)} />
                <line class="chart__limit" x1={at(PLOT_LEFT)} y1={at(chart.limit_y)} x2={at(PLOT_RIGHT)} y2={at(chart.limit_y)} />
                <text class="chart__label" x={at(PLOT_RIGHT)} y={at(chart.limit_y + 12)} text-anchor="end">{ chart.limit_label.clone() }</text>
                <line class="chart__now" x1={at(chart.now_x)} y1={at(PLOT_TOP)} x2={at(chart.now_x)} y2={at(PLOT_BOTTOM)} />
                { for chart.lines.iter().map(|line| html! {
                    <polyline class={classes!("chart__line", format!("chart__line--{}", line.class),
                        line.emphasised.then_some("chart__line--emphasised"))} points={line.points.clone()} />
                }) }
                <text class="chart__label" x={at(PLOT_RIGHT)} y={at(PLOT_TOP + 2)} text-anchor="end">{ chart.y_top.clone() }</text>
                <text class="chart__label" x={at(PLOT_LEFT)} y={at(CHART_HEIGHT - 8)}>{ "1 node" }</text>
                <text class="chart__label" x={at(PLOT_RIGHT)} y={at(CHART_HEIGHT - 8)} text-anchor="end">{ chart.x_end.clone() }</text>
                <text class="chart__label chart__label--now" x={at(chart.now_x + 3)} y={at(PLOT_BOTTOM - 4)}>{ chart.now_label.clone() }</text>
                if let Some((x, label)) = &chart.max_count {
                    <line class="chart__max" x1={at(*x)} y1={at(PLOT_TOP)} x2={at(*x)} y2={at(PLOT_BOTTOM)} />
                    <text class="chart__label chart__label--now" x={at(*x + 3)} y={at(PLOT_TOP + 14)}>{ label.clone() }</text>
                }
            </svg>
            <figcaption>
                <p class="chart__caption">{ chart.caption.clone() }</p>
                <ul class="chart__legend">
                    { for chart.lines.iter().map(|line| html! {
                        <li class={classes!("chart__key", format!("chart__key--{}", line.class),
                            line.emphasised.then_some("chart__key--emphasised"))}>{ line.label.clone() }</li>
                    }) }
                </ul>
            </figcaption>
        </figure>
    }
}
